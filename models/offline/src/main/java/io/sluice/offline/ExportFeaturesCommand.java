package io.sluice.offline;

import com.google.protobuf.util.JsonFormat;
import io.sluice.features.FeatureExtractor;
import io.sluice.training.FeatureTable;
import io.sluice.training.LabeledDataset;
import io.sluice.training.ProgressBar;
import io.sluice.training.TimeSplit;
import io.sluice.training.TrainingConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice export-features}: the exact input columns and time split {@code sluice train} uses, as files
 * another learner (the XGBoost baseline) can read.
 */
@Command(name = "export-features", mixinStandardHelpOptions = true,
        description = "Write the FeatureExtractor columns and labels of labelled data (JSON Lines or "
                + "length-delimited protobuf), split by arrival time exactly like 'sluice train': per split "
                + "<split>.svm (LIBSVM, 0-based columns, label field 0) and <split>-labels.csv (id,<partner>,... as "
                + "0/1), plus feature-spec.json.")
public final class ExportFeaturesCommand implements Callable<Integer> {

    private static final String[] SPLITS = {"train", "validation", "test"};

    @Option(names = "--data", required = true, paramLabel = "FILE|DIR",
            description = "Labelled data: a .jsonl or .binpb file, or a shard folder with shards.json.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Option(names = "--skip-bad-rows", description = "Skip (and count) bad rows instead of failing; use the same "
            + "setting as training.")
    boolean skipBadRows;

    @Override
    public Integer call() throws Exception {
        LabeledDataset dataset =
                LabeledDataset.read(data, skipBadRows, ProgressBar.onStderr("read", ProgressBar.Unit.BYTES));
        FeatureTable table = dataset.table();
        long skipped = dataset.skippedRows();
        TrainingConfig standard = TrainingConfig.defaults(0);
        TimeSplit split = TimeSplit.of(table.rows(), standard.trainFraction(), standard.validationFraction());
        Files.createDirectories(out);
        Files.writeString(out.resolve("feature-spec.json"), JsonFormat.printer().print(FeatureExtractor.spec()) + "\n");
        int[] bounds = {0, split.validationStart(), split.testStart(), split.rows()};
        for (int s = 0; s < SPLITS.length; s++) {
            write(table, bounds[s], bounds[s + 1], SPLITS[s]);
        }
        System.err.printf("exported %,d rows of %s (%,d bad rows skipped) to %s: train %,d, validation %,d, test %,d%n",
                table.rows(), data, skipped, out, split.trainRows(), split.validationRows(), split.testRows());
        return 0;
    }

    private void write(FeatureTable table, int from, int to, String name) throws IOException {
        try (BufferedWriter features = Files.newBufferedWriter(out.resolve(name + ".svm"));
             BufferedWriter labels = Files.newBufferedWriter(out.resolve(name + "-labels.csv"))) {
            labels.write("id," + String.join(",", table.partners()));
            labels.newLine();
            StringBuilder line = new StringBuilder();
            for (int row = from; row < to; row++) {
                line.setLength(0);
                line.append('0');
                for (int column : table.features(row)) {
                    line.append(' ').append(column).append(":1");
                }
                features.write(line.toString());
                features.newLine();
                line.setLength(0);
                line.append(table.requestId(row));
                for (int p = 0; p < table.partners().size(); p++) {
                    // An empty cell: the row does not label this partner (partial labels).
                    line.append(',').append(table.labelled(row, p) ? (table.label(row, p) ? "1" : "0") : "");
                }
                labels.write(line.toString());
                labels.newLine();
            }
        }
    }
}
