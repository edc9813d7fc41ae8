package io.sluice.service.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The typed values of one {@link Settings}, for building the config records. Every declared setting is parsed up
 * front and every problem is collected instead of stopping at the first: a value its declaration refuses is
 * recorded and replaced by the default, so the records can still be built and their own checks still run.
 */
final class ConfigReader {

    private final Settings settings;
    private final Map<String, Object> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Settings settings) {
        this.settings = settings;
        problems.addAll(settings.problems());
        for (Setting<?> setting : SettingsCatalog.all()) {
            values.put(setting.key(), parse(setting));
        }
    }

    /** The value of {@code setting}; its default if the given text was refused (and reported). */
    @SuppressWarnings("unchecked")
    <T> T get(Setting<T> setting) {
        return (T) values.get(setting.key());
    }

    /** The given text and its source, for messages: {@code 'x' (from environment SLUICE_...)}. */
    String given(Setting<?> setting) {
        return "'" + settings.text(setting).trim() + "' (from " + settings.source(setting) + ")";
    }

    /** Records a problem that no single declaration can see, such as two settings that must be set together. */
    void problem(String message) {
        problems.add(message);
    }

    /** {@code build} applied to this reader; a record's IllegalArgumentException becomes a problem and null. */
    <T> T build(Function<ConfigReader, T> build) {
        try {
            return build.apply(this);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** Throws one exception listing every problem, if there is any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private <T> T parse(Setting<T> setting) {
        try {
            return setting.parse(settings.text(setting));
        } catch (IllegalArgumentException e) {
            problems.add(setting.key() + " must be " + setting.type().expected() + ", got " + given(setting));
            return setting.defaultValue();
        }
    }
}
