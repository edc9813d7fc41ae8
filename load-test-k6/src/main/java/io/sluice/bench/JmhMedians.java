package io.sluice.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Summarises several JMH runs ({@code -rf json} result files, one per run) as a Markdown table: per benchmark and
 * parameter set, the median and range of the runs' scores, plus allocation per operation when run with
 * {@code -prof gc}. With {@code --ratio-to PARAM=VALUE}, also each score's ratio to the score with PARAM=VALUE
 * (same benchmark, other parameters equal) in the same run, summarised over runs.
 *
 * <p>Usage: {@code JmhMedians [--ratio-to PARAM=VALUE] run1.json run2.json run3.json}
 */
public final class JmhMedians {

    private static final String ALLOCATION = "gc.alloc.rate.norm";
    private static final String RATIO_TO = "--ratio-to";

    private JmhMedians() {
    }

    public static void main(String[] args) throws IOException {
        boolean withRatios = args.length > 1 && args[0].equals(RATIO_TO);
        Map<String, String> baseline = withRatios ? baseline(args[1]) : Map.of();
        List<String> files = Arrays.asList(args).subList(withRatios ? 2 : 0, args.length);
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> allocations = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (String file : files) {
            JsonArray run = JsonParser.parseString(Files.readString(Path.of(file))).getAsJsonArray();
            Map<String, Double> runScores = new HashMap<>();
            run.forEach(element -> runScores.put(label(element.getAsJsonObject(), Map.of()), score(element)));
            for (JsonElement element : run) {
                JsonObject result = element.getAsJsonObject();
                String name = label(result, Map.of());
                JsonObject primary = result.getAsJsonObject("primaryMetric");
                scores.computeIfAbsent(name, n -> new ArrayList<>()).add(score(element));
                Double base = runScores.get(label(result, baseline));
                if (withRatios && hasParameters(result, baseline) && base != null) {
                    ratios.computeIfAbsent(name, n -> new ArrayList<>()).add(score(element) / base);
                }
                units.put(name, primary.get("scoreUnit").getAsString());
                JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
                if (secondary != null && secondary.has(ALLOCATION)) {
                    allocations.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(secondary.getAsJsonObject(ALLOCATION).get("score").getAsDouble());
                }
            }
        }
        String ratioHeader = withRatios ? " ratio to " + args[1] + ", median (min-max) |" : "";
        System.out.println("| benchmark | runs | median (min-max) | unit |" + ratioHeader
                + " allocated B/op, median |");
        System.out.println("|---|---|---|---|" + (withRatios ? "---|" : "") + "---|");
        for (Map.Entry<String, List<Double>> entry : scores.entrySet()) {
            List<Double> allocated = allocations.get(entry.getKey());
            String ratio = withRatios ? " " + Spread.of(ratios.getOrDefault(entry.getKey(), List.of())).format(3)
                    + " |" : "";
            System.out.printf("| %s | %d | %s | %s |%s %s |%n", entry.getKey(), entry.getValue().size(),
                    Spread.of(entry.getValue()).format(2), units.get(entry.getKey()), ratio,
                    allocated == null ? "-" : String.format("%.0f", Spread.of(allocated).median()));
        }
    }

    /** {@code PARAM=VALUE} as a one-entry parameter override. */
    private static Map<String, String> baseline(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException(RATIO_TO + " takes PARAM=VALUE, got " + assignment);
        }
        return Map.of(assignment.substring(0, equals), assignment.substring(equals + 1));
    }

    private static boolean hasParameters(JsonObject result, Map<String, String> parameters) {
        JsonObject params = result.getAsJsonObject("params");
        return params != null && parameters.keySet().stream().allMatch(params::has);
    }

    private static double score(JsonElement result) {
        return result.getAsJsonObject().getAsJsonObject("primaryMetric").get("score").getAsDouble();
    }

    /**
     * Short class and method name plus parameters, e.g. {@code ForwardPassBenchmark.forward batch=16 path=dl4j};
     * {@code overrides} replace the values of parameters the result has (to name its baseline).
     */
    private static String label(JsonObject result, Map<String, String> overrides) {
        String benchmark = result.get("benchmark").getAsString();
        String[] parts = benchmark.split("\\.");
        StringBuilder name = new StringBuilder(parts[parts.length - 2] + "." + parts[parts.length - 1]);
        JsonObject params = result.getAsJsonObject("params");
        if (params != null) {
            params.entrySet().forEach(p -> name.append(' ').append(p.getKey()).append('=')
                    .append(overrides.getOrDefault(p.getKey(), p.getValue().getAsString())));
        }
        return name.toString();
    }
}
