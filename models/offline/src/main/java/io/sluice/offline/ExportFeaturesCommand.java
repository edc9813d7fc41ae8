package io.sluice.offline;

import com.google.protobuf.util.JsonFormat;
import io.sluice.features.FeatureExtractor;
import io.sluice.training.FeatureExport;
import io.sluice.training.LabeledSource;
import io.sluice.training.ProgressBar;
import io.sluice.training.TimeSplit;
import io.sluice.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice export-features}: the exact input columns and time split {@code sluice train} uses, as files
 * another learner (the XGBoost baseline) can read; streamed ({@link FeatureExport}), so memory does not grow with
 * the rows.
 */
@Command(name = "export-features", mixinStandardHelpOptions = true,
        description = "Write the FeatureExtractor columns and labels of labelled data (JSON Lines or "
                + "length-delimited protobuf), split by arrival time exactly like 'sluice train': per split "
                + "<split>.svm (LIBSVM, 0-based columns, label field 0) and <split>-labels.csv (id,<partner>,... as "
                + "0/1), plus feature-spec.json.")
public final class ExportFeaturesCommand implements Callable<Integer> {

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
        TrainingConfig standard = TrainingConfig.defaults(0);
        FeatureExport.Summary summary = FeatureExport.write(LabeledSource.of(data), skipBadRows,
                standard.trainFraction(), standard.validationFraction(), out,
                ProgressBar.onStderr("export (2 passes)", ProgressBar.Unit.BYTES));
        Files.writeString(out.resolve("feature-spec.json"), JsonFormat.printer().print(FeatureExtractor.spec()) + "\n");
        TimeSplit split = summary.split();
        System.err.printf("exported %,d rows of %s (%,d bad rows skipped) to %s: train %,d, validation %,d, test %,d%n",
                split.rows(), data, summary.skippedRows(), out, split.trainRows(), split.validationRows(),
                split.testRows());
        return 0;
    }
}
