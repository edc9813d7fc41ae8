package io.sluice.service.deploy;

import io.sluice.service.PrometheusScrape.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Successive {@code /metrics} scrapes of one local load run, as {@code load-test-k6/dashboard/RecordMetrics.java}
 * writes them: a {@code # scrape SECONDS} line, then that scrape's sample lines.
 */
record MetricsRecording(List<Scrape> scrapes) {

    static final Path FILE = DeploymentFiles.REPOSITORY
            .resolve("service/server/src/test/resources/dashboard/metrics-recording.txt");
    private static final String HEADER = "# scrape ";

    /** The samples of one scrape, taken {@code seconds} into the run. */
    record Scrape(double seconds, List<Sample> samples) {
    }

    static MetricsRecording read() {
        List<Scrape> scrapes = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        double seconds = Double.NaN;
        try {
            for (String line : Files.readAllLines(FILE)) {
                if (line.startsWith(HEADER)) {
                    if (!Double.isNaN(seconds)) {
                        scrapes.add(new Scrape(seconds, Sample.parse(text.toString())));
                    }
                    seconds = Double.parseDouble(line.substring(HEADER.length()));
                    text.setLength(0);
                } else {
                    text.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        scrapes.add(new Scrape(seconds, Sample.parse(text.toString())));
        return new MetricsRecording(scrapes);
    }

    /** The number of intervals between scrapes: the points of every series drawn from the recording. */
    int intervals() {
        return scrapes.size() - 1;
    }
}
