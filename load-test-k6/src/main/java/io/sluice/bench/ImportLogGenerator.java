package io.sluice.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.bench.jmh.ImportLineBenchmark;
import io.sluice.training.SyntheticTraffic;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;

/**
 * Writes an exchange-style OpenRTB JSON request log and a CSV outcome log (two partners per request) from the
 * synthetic generator, for timing {@code sluice import}: {@code ImportLogGenerator ROWS DIR}.
 */
public final class ImportLogGenerator {

    private ImportLogGenerator() {
    }

    public static void main(String[] args) throws IOException {
        long rows = Long.parseLong(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        try (Writer requests = new BufferedWriter(Files.newBufferedWriter(dir.resolve("requests.log"), UTF_8));
             Writer outcomes = new BufferedWriter(Files.newBufferedWriter(dir.resolve("outcomes.csv"), UTF_8))) {
            outcomes.write("request_id,partner_id,bid,price,response_time_ms\n");
            Iterator<LabeledBidRequest> source = new SyntheticTraffic(SyntheticTraffic.Config.defaults(7)).rows(rows);
            while (source.hasNext()) {
                LabeledBidRequest row = source.next();
                String id = row.getRequest().getId();
                requests.write(Instant.ofEpochSecond(row.getArrivalTime().getSeconds()) + "\t"
                        + ImportLineBenchmark.openRtbJson(row.getRequest()) + "\n");
                int p = 0;
                for (var label : row.getBidsMap().entrySet()) {
                    if (p++ == 2) {
                        break;
                    }
                    outcomes.write(id + "," + label.getKey() + "," + label.getValue() + ","
                            + (label.getValue() ? "1.25" : "") + ",42\n");
                }
            }
        }
    }
}
