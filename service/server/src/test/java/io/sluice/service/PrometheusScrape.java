package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of the Prometheus text the admin port serves, parsed into samples, for tests. */
final class PrometheusScrape {

    /** One sample line of the text format: name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {

        private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static List<Sample> parse(String exposition) {
            return exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).map(line -> {
                Matcher matcher = LINE.matcher(line);
                assertThat(matcher.matches()).as("sample line: %s", line).isTrue();
                Map<String, String> labels = new HashMap<>();
                Matcher label = LABEL.matcher(matcher.group(2) == null ? "" : matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                return new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3)));
            }).toList();
        }
    }

    private final String contentType;
    private final List<Sample> samples;

    private PrometheusScrape(String contentType, List<Sample> samples) {
        this.contentType = contentType;
        this.samples = samples;
    }

    /** Scrapes {@code /metrics} on the admin port. */
    static PrometheusScrape of(int adminPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new PrometheusScrape(response.headers().firstValue("Content-Type").orElse(""),
                Sample.parse(response.body()));
    }

    String contentType() {
        return contentType;
    }

    List<Sample> samples() {
        return samples;
    }

    /** The sum of the samples named {@code name} whose labels include every one of {@code labels} (name, value...). */
    double sum(String name, String... labels) {
        return samples.stream().filter(s -> matches(s, name, labels)).mapToDouble(Sample::value).sum();
    }

    /** Whether a sample named {@code name} carries every one of {@code labels}. */
    boolean has(String name, String... labels) {
        return samples.stream().anyMatch(s -> matches(s, name, labels));
    }

    private static boolean matches(Sample sample, String name, String... labels) {
        if (!sample.name().equals(name)) {
            return false;
        }
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
