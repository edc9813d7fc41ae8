package io.sluice.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Summarises several JMH runs ({@code -rf json} result files, one per run) as a Markdown table: per benchmark and
 * parameter set, the median and range of the runs' scores, plus allocation per operation when run with
 * {@code -prof gc}.
 *
 * <p>Usage: {@code JmhMedians run1.json run2.json run3.json}
 */
public final class JmhMedians {

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private JmhMedians() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        Map<String, List<Double>> allocations = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (String file : args) {
            for (JsonElement element : JsonParser.parseString(Files.readString(Path.of(file))).getAsJsonArray()) {
                JsonObject result = element.getAsJsonObject();
                String name = label(result);
                JsonObject primary = result.getAsJsonObject("primaryMetric");
                scores.computeIfAbsent(name, n -> new ArrayList<>()).add(primary.get("score").getAsDouble());
                units.put(name, primary.get("scoreUnit").getAsString());
                JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
                if (secondary != null && secondary.has(ALLOCATION)) {
                    allocations.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(secondary.getAsJsonObject(ALLOCATION).get("score").getAsDouble());
                }
            }
        }
        System.out.println("| benchmark | runs | median (min-max) | unit | allocated B/op, median |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Double>> entry : scores.entrySet()) {
            List<Double> allocated = allocations.get(entry.getKey());
            System.out.printf("| %s | %d | %s | %s | %s |%n", entry.getKey(), entry.getValue().size(),
                    Spread.of(entry.getValue()).format(2), units.get(entry.getKey()),
                    allocated == null ? "-" : String.format("%.0f", Spread.of(allocated).median()));
        }
    }

    /** Short class and method name plus parameters, e.g. {@code ForwardPassBenchmark.forward batch=16 path=dl4j}. */
    private static String label(JsonObject result) {
        String benchmark = result.get("benchmark").getAsString();
        String[] parts = benchmark.split("\\.");
        StringBuilder name = new StringBuilder(parts[parts.length - 2] + "." + parts[parts.length - 1]);
        JsonObject params = result.getAsJsonObject("params");
        if (params != null) {
            params.entrySet().forEach(p -> name.append(' ').append(p.getKey()).append('=')
                    .append(p.getValue().getAsString()));
        }
        return name.toString();
    }
}
