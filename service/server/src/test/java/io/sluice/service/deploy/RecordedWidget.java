package io.sluice.service.deploy;

import io.sluice.service.PrometheusScrape.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a CloudWatch dashboard widget would draw if its metrics had come from a {@link MetricsRecording}: each metric
 * row, SEARCH and metric-math expression evaluated per interval between scrapes, with CloudWatch's statistics
 * (Sum and SampleCount per period, pNN, Average, Maximum) computed from the Prometheus series the same OTel metric
 * is scraped as. Enough for the expressions this dashboard uses, not a CloudWatch emulator.
 */
final class RecordedWidget {

    /** One line of a chart: a value per interval of the recording (NaN where CloudWatch would have no data). */
    record Line(String label, double[] values) {
    }

    /** Dimensions that select this service; a recording is of one service. */
    private static final Set<String> SERVICE_DIMENSIONS = Set.of("service.name", "deployment.environment");
    /** otel.metrics.export-interval: each task pushes a gauge once per minute, so SampleCount counts tasks. */
    private static final double EXPORT_INTERVAL_SECONDS = 60;
    private static final Pattern SEARCH_TAIL = Pattern.compile("'\\s*,\\s*'(\\w+)'\\s*,\\s*(\\d+)\\s*\\)$");
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d+(?:\\.\\d+)?)");

    private final MetricsRecording recording;
    private final Set<String> names = new TreeSet<>();
    private final Map<String, List<Line>> byId = new HashMap<>();
    private final String title;
    private final String defaultStat;
    private final int defaultPeriod;

    private RecordedWidget(MetricsRecording recording, Tree properties) {
        this.recording = recording;
        recording.scrapes().forEach(scrape -> scrape.samples().forEach(sample -> names.add(sample.name())));
        this.title = properties.get("title").string();
        this.defaultStat = properties.get("stat").string();
        this.defaultPeriod = properties.get("period").integer();
    }

    /** The lines the widget shows (rows marked {@code visible: false} only feed expressions). */
    static List<Line> lines(MetricsRecording recording, Tree widget) {
        RecordedWidget evaluator = new RecordedWidget(recording, widget.get("properties"));
        List<Line> shown = new ArrayList<>();
        for (Tree row : widget.at("properties", "metrics").list()) {
            List<Tree> items = row.list();
            Tree options = items.get(items.size() - 1).value() instanceof Map ? items.get(items.size() - 1)
                    : new Tree(row.path(), Map.of());
            List<Line> lines = items.get(0).value() instanceof String
                    ? evaluator.metric(CloudWatchMetric.inRow(evaluator.title, items), options)
                    : evaluator.expression(options.get("expression").string());
            if (options.get("label").exists() && !options.get("label").string().isEmpty()) {
                lines = lines.stream().map(l -> new Line(options.get("label").string(), l.values())).toList();
            }
            if (options.get("id").exists()) {
                evaluator.byId.put(options.get("id").string(), lines);
            }
            if (!options.get("visible").exists() || options.get("visible").value() != Boolean.FALSE) {
                shown.addAll(lines);
            }
        }
        return shown;
    }

    private List<Line> metric(CloudWatchMetric metric, Tree options) {
        if (metric.fromAws()) {
            return List.of();
        }
        String stat = options.get("stat").exists() ? options.get("stat").string() : defaultStat;
        int period = options.get("period").exists() ? options.get("period").integer() : defaultPeriod;
        return series(metric, stat, period);
    }

    /** One line per combination of the dimensions the metric leaves open, as CloudWatch keeps them apart. */
    private List<Line> series(CloudWatchMetric metric, String stat, int period) {
        String base = metric.name().replace('.', '_');
        String histogram = names.contains(base + "_seconds_count") ? base + "_seconds"
                : names.contains(base + "_count") ? base : null;
        String scraped = histogram != null ? histogram + "_count" : names.contains(base + "_total") ? base + "_total"
                : base;
        List<String> open = new ArrayList<>();
        Map<String, String> fixed = new HashMap<>();
        for (String dimension : metric.dimensions()) {
            String label = dimension.replace('.', '_');
            if (SERVICE_DIMENSIONS.contains(dimension)) {
                continue;
            }
            if (metric.values().containsKey(dimension) && !metric.negated().contains(dimension)) {
                fixed.put(label, metric.values().get(dimension));
            } else {
                open.add(label);
            }
        }
        Map<String, String> excluded = new HashMap<>();
        metric.negated().forEach(d -> excluded.put(d.replace('.', '_'), metric.values().get(d)));
        Map<List<String>, Map<String, String>> groups = new TreeMap<>(Comparator.comparing(key -> String.join("\u0000", key)));
        recording.scrapes().forEach(scrape -> scrape.samples().stream()
                .filter(s -> s.name().equals(scraped) && matches(s, fixed, excluded) && s.labels().keySet()
                        .containsAll(open))
                .forEach(s -> {
                    Map<String, String> group = new LinkedHashMap<>(fixed);
                    open.forEach(label -> group.put(label, s.labels().get(label)));
                    groups.put(open.stream().map(s.labels()::get).toList(), group);
                }));
        List<Line> lines = new ArrayList<>();
        groups.forEach((key, group) -> {
            String label = key.isEmpty() ? metric.name() : String.join(" ", key);
            double[] values = new double[recording.intervals()];
            for (int i = 0; i < values.length; i++) {
                values[i] = statistic(histogram, scraped, group, excluded, stat, period, i);
            }
            lines.add(new Line(label, values));
        });
        return lines;
    }

    private double statistic(String histogram, String scraped, Map<String, String> group,
                             Map<String, String> excluded, String stat, int period, int interval) {
        double scale = period / (recording.scrapes().get(interval + 1).seconds()
                - recording.scrapes().get(interval).seconds());
        Matcher percentile = PERCENTILE.matcher(stat);
        if (percentile.matches()) {
            return quantile(histogram, group, excluded, Double.parseDouble(percentile.group(1)) / 100, interval);
        }
        boolean cumulative = histogram != null || scraped.endsWith("_total");
        if (cumulative) {
            return (sum(scraped, group, excluded, interval + 1) - sum(scraped, group, excluded, interval)) * scale;
        }
        double[] values = recording.scrapes().get(interval + 1).samples().stream()
                .filter(s -> s.name().equals(scraped) && matches(s, group, excluded))
                .mapToDouble(Sample::value).toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return switch (stat) {
            case "SampleCount" -> values.length * period / EXPORT_INTERVAL_SECONDS;
            case "Maximum" -> Arrays.stream(values).max().orElseThrow();
            case "Sum" -> Arrays.stream(values).sum();
            default -> Arrays.stream(values).average().orElseThrow();
        };
    }

    private double sum(String name, Map<String, String> group, Map<String, String> excluded, int scrape) {
        return recording.scrapes().get(scrape).samples().stream()
                .filter(s -> s.name().equals(name) && matches(s, group, excluded))
                .mapToDouble(Sample::value).sum();
    }

    /** The q-quantile of the calls in one interval, interpolated inside its bucket as histogram_quantile does. */
    private double quantile(String histogram, Map<String, String> group, Map<String, String> excluded, double q,
                            int interval) {
        TreeMap<Double, Double> counts = new TreeMap<>();
        for (int scrape = interval; scrape <= interval + 1; scrape++) {
            int sign = scrape == interval ? -1 : 1;
            recording.scrapes().get(scrape).samples().stream()
                    .filter(s -> s.name().equals(histogram + "_bucket") && matches(s, group, excluded))
                    .forEach(s -> counts.merge(upperBound(s.labels().get("le")), sign * s.value(), Double::sum));
        }
        double total = counts.isEmpty() ? 0 : counts.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
            if (bucket.getValue() >= rank) {
                double upper = bucket.getKey().isInfinite() ? lower : bucket.getKey();
                double inBucket = bucket.getValue() - below;
                return inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
            }
            lower = bucket.getKey();
            below = bucket.getValue();
        }
        return lower;
    }

    private static double upperBound(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static boolean matches(Sample sample, Map<String, String> labels, Map<String, String> excluded) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getValue().equals(sample.labels().get(label.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, String> label : excluded.entrySet()) {
            if (label.getValue().equals(sample.labels().get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }

    // Metric math: + - * / and parentheses over numbers, row ids and SEARCH(...) calls.

    private List<Line> expression(String text) {
        Parser parser = new Parser(text);
        List<Line> result = parser.sum();
        if (parser.position != text.length()) {
            throw new AssertionError(title + ": cannot evaluate " + text + " past position " + parser.position);
        }
        return result;
    }

    /** A recursive-descent reader of one expression. */
    private final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        List<Line> sum() {
            List<Line> left = product();
            for (char op = peek(); op == '+' || op == '-'; op = peek()) {
                position++;
                left = combine(left, product(), op == '+' ? Double::sum : (a, b) -> a - b);
            }
            return left;
        }

        List<Line> product() {
            List<Line> left = factor();
            for (char op = peek(); op == '*' || op == '/'; op = peek()) {
                position++;
                left = combine(left, factor(), op == '*' ? (a, b) -> a * b : (a, b) -> b == 0 ? Double.NaN : a / b);
            }
            return left;
        }

        List<Line> factor() {
            char next = peek();
            if (next == '(') {
                position++;
                List<Line> inner = sum();
                expect(')');
                return inner;
            }
            if (text.startsWith("SEARCH(", position)) {
                int end = text.indexOf("')", position);
                end = text.indexOf(')', end + 2);
                String call = text.substring(position, end + 1);
                position = end + 1;
                Matcher tail = SEARCH_TAIL.matcher(call);
                if (!tail.find()) {
                    throw new AssertionError(title + ": unreadable " + call);
                }
                return series(CloudWatchMetric.inExpression(title, call).get(0), tail.group(1),
                        Integer.parseInt(tail.group(2)));
            }
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                    || text.charAt(position) == '_' || text.charAt(position) == '.')) {
                position++;
            }
            String token = text.substring(start, position);
            if (Character.isDigit(token.charAt(0))) {
                double[] constant = new double[recording.intervals()];
                Arrays.fill(constant, Double.parseDouble(token));
                return List.of(new Line(null, constant));
            }
            List<Line> row = byId.get(token);
            if (row == null) {
                throw new AssertionError(title + ": no row with id " + token);
            }
            return row;
        }

        private List<Line> combine(List<Line> left, List<Line> right, DoubleBinaryOperator op) {
            if (left.size() != 1 && right.size() != 1) {
                throw new AssertionError(title + ": two arrays of series in one operation");
            }
            List<Line> result = new ArrayList<>();
            for (Line a : left.size() == 1 ? right : left) {
                Line l = left.size() == 1 ? left.get(0) : a;
                Line r = left.size() == 1 ? a : right.get(0);
                double[] values = new double[recording.intervals()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = op.applyAsDouble(l.values()[i], r.values()[i]);
                }
                result.add(new Line(l.label() != null ? l.label() : r.label(), values));
            }
            return result;
        }

        private char peek() {
            while (position < text.length() && text.charAt(position) == ' ') {
                position++;
            }
            return position < text.length() ? text.charAt(position) : 0;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new AssertionError(title + ": expected " + c + " at " + position + " in " + text);
            }
            position++;
        }
    }
}
