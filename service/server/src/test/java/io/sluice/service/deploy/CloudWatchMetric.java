package io.sluice.service.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudWatch metric a dashboard widget or an alarm reads: namespace, name, the dimension set, and the dimension
 * values it asks for (a SEARCH may leave some open, and exclude some with NOT: those are in {@code negated}).
 */
record CloudWatchMetric(String where, String namespace, String name, Set<String> dimensions,
                        Map<String, String> values, Set<String> negated) {

    /** {@code SEARCH('{Namespace,dim,...} criteria', 'Stat', period)}; names and values may be double-quoted. */
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{([^}]*)}(.*?)',");
    private static final Pattern TERM = Pattern.compile("(NOT\\s+)?\"?([A-Za-z0-9_.:/\\-]+)\"?=\"([^\"]*)\"");

    /** Every metric of the dashboard body's widgets: plain metric rows and SEARCH expressions. */
    static List<CloudWatchMetric> inDashboard(Tree body) {
        List<CloudWatchMetric> metrics = new ArrayList<>();
        for (Tree widget : body.get("widgets").list()) {
            String title = widget.at("properties", "title").string();
            for (Tree row : widget.at("properties", "metrics").list()) {
                List<Tree> items = row.list();
                if (items.get(0).value() instanceof String) {
                    metrics.add(inRow(title, items));
                } else if (items.get(0).get("expression").exists()) {
                    metrics.addAll(inExpression(title, items.get(0).get("expression").string()));
                }
            }
        }
        return metrics;
    }

    /** A widget's metric row: {@code [Namespace, MetricName, dim1, value1, ..., {options}]}. */
    static CloudWatchMetric inRow(String where, List<Tree> items) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 2; i + 1 < items.size() && items.get(i).value() instanceof String; i += 2) {
            values.put(items.get(i).string(), items.get(i + 1).string());
        }
        return new CloudWatchMetric(where, items.get(0).string(), items.get(1).string(), values.keySet(), values,
                Set.of());
    }

    /** Whether AWS publishes it (AWS namespaces have a slash: ECS/ContainerInsights), not Sluice's collector. */
    boolean fromAws() {
        return namespace.contains("/");
    }

    /** The metrics an expression's SEARCH calls look for (none for plain metric math). */
    static List<CloudWatchMetric> inExpression(String where, String expression) {
        List<CloudWatchMetric> metrics = new ArrayList<>();
        Matcher search = SEARCH.matcher(expression);
        while (search.find()) {
            List<String> schema = new ArrayList<>();
            for (String part : search.group(1).split(",")) {
                schema.add(part.strip().replace("\"", ""));
            }
            Map<String, String> values = new LinkedHashMap<>();
            Set<String> negated = new LinkedHashSet<>();
            String name = null;
            Matcher term = TERM.matcher(search.group(2));
            while (term.find()) {
                if (term.group(2).equals("MetricName")) {
                    name = term.group(3);
                } else {
                    values.put(term.group(2), term.group(3));
                    if (term.group(1) != null) {
                        negated.add(term.group(2));
                    }
                }
            }
            metrics.add(new CloudWatchMetric(where, schema.get(0), name,
                    new LinkedHashSet<>(schema.subList(1, schema.size())), values, negated));
        }
        return metrics;
    }

    /** The metric of an alarm's {@code Metric} (or of the alarm itself): Namespace, MetricName, Dimensions. */
    static CloudWatchMetric inAlarm(String where, Tree metric) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Tree dimension : metric.get("Dimensions").list()) {
            values.put(dimension.get("Name").string(), EcsTemplate.resolve(dimension.get("Value")));
        }
        return new CloudWatchMetric(where, EcsTemplate.resolve(metric.get("Namespace")),
                metric.get("MetricName").string(), values.keySet(), values, Set.of());
    }
}
