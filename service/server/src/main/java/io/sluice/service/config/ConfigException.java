package io.sluice.service.config;

import io.sluice.BadInputException;
import java.util.List;

/**
 * Settings that are unknown or not accepted. The message has one line per problem, each naming the key, the value
 * and where the value came from.
 */
public final class ConfigException extends BadInputException {

    private final List<String> problems;

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one line each, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return problems.size() + " configuration problems:\n  " + String.join("\n  ", problems);
    }
}
