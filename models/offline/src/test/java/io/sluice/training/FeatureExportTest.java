package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.LabeledBidRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureExportTest {

    @TempDir
    Path dir;

    /** 2,000 generated rows written in shuffled order, the last partner's label dropped from every third row. */
    private List<LabeledBidRequest> writeRows(Path file) throws Exception {
        List<LabeledBidRequest> rows = new ArrayList<>();
        new SyntheticTraffic(SyntheticTraffic.Config.defaults(7)).rows(2000).forEachRemaining(rows::add);
        String last = SyntheticTraffic.partnerIds().stream().sorted().reduce((a, b) -> b).orElseThrow();
        for (int i = 0; i < rows.size(); i += 3) {
            rows.set(i, rows.get(i).toBuilder().removeBids(last).build());
        }
        Collections.shuffle(rows, new Random(11));
        try (LabeledRequestWriter writer = new LabeledRequestWriter(file)) {
            for (LabeledBidRequest row : rows) {
                writer.write(row);
            }
        }
        return rows;
    }

    @Test
    void splitsMatchTrainingsAndEachSplitIsOlderThanTheNext() throws Exception {
        Path data = dir.resolve("rows.binpb");
        List<LabeledBidRequest> rows = writeRows(data);
        Map<String, Long> arrivalOfId = new HashMap<>();
        rows.forEach(r -> arrivalOfId.put(r.getRequest().getId(), RowFeatures.arrivalMillis(r)));

        FeatureExport.Summary summary = FeatureExport.write(LabeledSource.of(data), false, 0.8, 0.1,
                dir.resolve("out"), ProgressBar.hidden());

        TimeSplit trainers;
        try (FeatureCache cache = FeatureCache.write(rows.iterator(), List.of(), dir.resolve("cache"))) {
            trainers = TimeCuts.of(cache.arrivals(), 0.8, 0.1).split();
        }
        assertThat(summary.split()).isEqualTo(trainers);
        long newestOfPrevious = Long.MIN_VALUE;
        int[] expected = {trainers.trainRows(), trainers.validationRows(), trainers.testRows()};
        for (int s = 0; s < FeatureExport.SPLITS.size(); s++) {
            String split = FeatureExport.SPLITS.get(s);
            List<String> labels = Files.readAllLines(dir.resolve("out").resolve(split + "-labels.csv"));
            assertThat(Files.readAllLines(dir.resolve("out").resolve(split + ".svm"))).hasSize(expected[s]);
            assertThat(labels).hasSize(expected[s] + 1);
            long oldest = Long.MAX_VALUE;
            long newest = Long.MIN_VALUE;
            for (String line : labels.subList(1, labels.size())) {
                long arrival = arrivalOfId.get(line.substring(0, line.indexOf(',')));
                oldest = Math.min(oldest, arrival);
                newest = Math.max(newest, arrival);
            }
            assertThat(oldest).as(split).isGreaterThan(newestOfPrevious);
            newestOfPrevious = newest;
        }
        assertThat(dir.resolve("out")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
    }

    @Test
    void aLabelCellIsEmptyExactlyWhereTheRowDoesNotLabelThePartner() throws Exception {
        Path data = dir.resolve("rows.binpb");
        List<LabeledBidRequest> rows = writeRows(data);
        Map<String, LabeledBidRequest> rowOfId = new HashMap<>();
        rows.forEach(r -> rowOfId.put(r.getRequest().getId(), r));

        FeatureExport.Summary summary = FeatureExport.write(LabeledSource.of(data), false, 0.8, 0.1,
                dir.resolve("out"), ProgressBar.hidden());

        List<String> lines = Files.readAllLines(dir.resolve("out").resolve("train-labels.csv"));
        assertThat(lines.get(0)).isEqualTo("id," + String.join(",", summary.partners()));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            LabeledBidRequest row = rowOfId.get(cells[0]);
            Map<String, String> expected = new HashMap<>();
            row.getBidsMap().forEach((partner, bid) -> expected.put(partner, bid ? "1" : "0"));
            for (int p = 0; p < summary.partners().size(); p++) {
                assertThat(cells[p + 1]).isEqualTo(expected.getOrDefault(summary.partners().get(p), ""));
            }
        }
    }
}
