package io.sluice.service.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one PromQL expression reads of Sluice: each {@code sluice_*} series name with the label matchers written
 * on it, and the labels it groups by. Enough for the expressions this folder ships, not a PromQL parser.
 */
record PromQuery(String expression, Map<String, Map<String, LabelMatcher>> selectors, Set<String> groupedBy) {

    private static final Pattern SELECTOR = Pattern.compile("\\b(sluice_[a-zA-Z0-9_]+)(?:\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

    /** One label matcher: {@code label op "value"}. */
    record LabelMatcher(String operator, String value) {

        /** Values an equality matcher, or a regex matcher's alternatives, require to exist. */
        Set<String> requiredValues() {
            return switch (operator) {
                case "=" -> Set.of(value);
                case "=~" -> Set.of(value.split("\\|"));
                default -> Set.of();
            };
        }
    }

    static PromQuery parse(String expression) {
        Map<String, Map<String, LabelMatcher>> selectors = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(expression);
        while (selector.find()) {
            Map<String, LabelMatcher> matchers =
                    selectors.computeIfAbsent(selector.group(1), n -> new LinkedHashMap<>());
            Matcher matcher = MATCHER.matcher(selector.group(2) == null ? "" : selector.group(2));
            while (matcher.find()) {
                matchers.put(matcher.group(1), new LabelMatcher(matcher.group(2), matcher.group(3)));
            }
        }
        Set<String> groupedBy = new LinkedHashSet<>();
        Matcher grouping = GROUPING.matcher(expression);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    groupedBy.add(label.strip());
                }
            }
        }
        return new PromQuery(expression, selectors, groupedBy);
    }
}
