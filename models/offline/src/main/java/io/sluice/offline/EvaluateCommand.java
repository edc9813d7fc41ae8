package io.sluice.offline;

import com.google.protobuf.util.Timestamps;
import io.sluice.BadInputException;
import io.sluice.api.v1.EvaluationReport;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerEvaluation;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.api.v1.ScorerEvaluation;
import io.sluice.api.v1.TrainingData;
import io.sluice.evaluation.Evaluation;
import io.sluice.evaluation.EvaluationReportFiles;
import io.sluice.evaluation.LabeledColumns;
import io.sluice.evaluation.PredictionsCsv;
import io.sluice.evaluation.ScoreColumns;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.CompiledMlp;
import io.sluice.model.ModelArtifact;
import io.sluice.training.FeatureTable;
import io.sluice.training.LabeledDataset;
import io.sluice.training.ProgressBar;
import io.sluice.training.TimeSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice evaluate}: a model (and optional baselines) against labels and the Bayes-optimal ceiling. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model artifact on labelled data (JSON Lines or length-delimited protobuf): per "
                + "partner and pooled ROC AUC, log loss, calibration (ECE + reliability table), the Bayes-optimal "
                + "AUC and log loss from the true probabilities, and the traffic-shaping filter/keep curve. Writes "
                + "index.html, PNG charts and summary.json.")
public final class EvaluateCommand implements Callable<Integer> {

    /** Upper bound on the network file read from disk. */
    private static final long MAX_ARTIFACT_BYTES = 1L << 30;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model artifact folder.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE|DIR",
            description = "Labelled data: a .jsonl or .binpb file, or a shard folder with shards.json.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder to write.")
    Path out;

    @Option(names = "--all-rows",
            description = "Evaluate every row (for data the model never saw). By default only the model's own "
                    + "held-out test split is evaluated (the newest rows by arrival time), and --data must be the "
                    + "file the model was trained on.")
    boolean allRows;

    @Option(names = "--compare", paramLabel = "NAME=CSV",
            description = "Also evaluate a baseline's predictions (CSV: id,<partner>,... for exactly the evaluated "
                    + "rows), e.g. xgboost=target/xgboost/test-predictions.csv. Repeatable.")
    Map<String, Path> baselines = new LinkedHashMap<>();

    @Option(names = "--skip-bad-rows", description = "Skip (and count) bad rows instead of failing; use the same "
            + "setting as training.")
    boolean skipBadRows;

    @Override
    public Integer call() throws Exception {
        requireArtifactFolder(model);
        ModelArtifact artifact = ModelArtifact.read(ArtifactFiles.directory(model), MAX_ARTIFACT_BYTES);
        ModelManifest manifest = artifact.manifest();
        LabeledDataset dataset =
                LabeledDataset.read(data, skipBadRows, ProgressBar.onStderr("read", ProgressBar.Unit.BYTES));
        FeatureTable table = dataset.table();
        String dataSha256 = dataset.sha256();
        long skipped = dataset.skippedRows();
        int from = allRows ? 0 : testStart(manifest.getTrainingData(), table, dataSha256);
        String evaluated = allRows ? String.format("all %d rows", table.rows())
                : String.format("test split of the training data: newest %d of %d rows by arrival time",
                        table.rows() - from, table.rows());
        List<String> partners = manifest.getPartnersList().stream().map(PartnerOutput::getPartnerId).toList();
        LabeledColumns labelled = LabeledColumns.of(table, partners, from, table.rows());
        List<ScoreColumns> scorers = new ArrayList<>();
        scorers.add(ScoreColumns.of("sluice " + manifest.getVersion(), CompiledMlp.of(artifact.network()), partners,
                partners, table, from, table.rows()));
        for (Map.Entry<String, Path> baseline : baselines.entrySet()) {
            scorers.add(PredictionsCsv.read(baseline.getKey(), baseline.getValue(), labelled));
        }
        Evaluation evaluation = Evaluation.of(labelled, scorers);
        EvaluationReport report = evaluation.report()
                .setCreatedAt(Timestamps.fromMillis(System.currentTimeMillis()))
                .setDataSource(data.getFileName().toString())
                .setDataSha256(dataSha256)
                .setRowsEvaluated(evaluated)
                .setSkippedRows(skipped)
                .build();
        EvaluationReportFiles.write(out, report, evaluation);
        System.err.printf("evaluated %s of %s (%,d bad rows skipped)%n", evaluated, data, skipped);
        printAucs(report);
        System.err.printf("wrote %s%n", out.resolve(EvaluationReportFiles.HTML_FILE));
        return 0;
    }

    /** A --model that is not an artifact folder, as one line naming it (exit 2) rather than a read failure. */
    private static void requireArtifactFolder(Path folder) {
        if (!Files.exists(folder)) {
            throw new BadInputException("--model " + folder + ": no such folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("--model " + folder + " is a file; it takes a model artifact folder");
        }
        if (!Files.isRegularFile(folder.resolve(ModelArtifact.MANIFEST_FILE))) {
            throw new BadInputException("--model " + folder + " is not a model artifact (no "
                    + ModelArtifact.MANIFEST_FILE + ")");
        }
    }

    /** The first test row, after checking that {@code table} is the data the model was trained and split on. */
    private static int testStart(TrainingData trained, FeatureTable table, String dataSha256) {
        if (!trained.getSha256().equalsIgnoreCase(dataSha256)) {
            throw new IllegalArgumentException("evaluating the test split needs the file the model was trained on "
                    + "(sha256 " + trained.getSha256() + "), but --data has sha256 " + dataSha256
                    + "; use --all-rows for other data");
        }
        TimeSplit split = new TimeSplit((int) trained.getTrainRows(), (int) trained.getValidationRows(),
                (int) trained.getTestRows());
        if (split.rows() != table.rows()) {
            throw new IllegalArgumentException("the model was split on " + split.rows() + " rows but " + table.rows()
                    + " rows were read; use the same --skip-bad-rows setting as training");
        }
        return split.testStart();
    }

    private static void printAucs(EvaluationReport report) {
        StringBuilder header = new StringBuilder(String.format("%-8s %9s %9s", "partner", "rows", "positives"));
        if (report.getBayesOptimalCount() > 0) {
            header.append(String.format(" %10s", "Bayes AUC"));
        }
        for (ScorerEvaluation scorer : report.getScorersList()) {
            header.append(String.format(" | %s AUC / log loss / ECE", scorer.getName()));
        }
        System.err.println(header);
        for (int p = 0; p < report.getScorers(0).getPartnersCount(); p++) {
            PartnerEvaluation first = report.getScorers(0).getPartners(p);
            // Rows that label the partner: with partial labels, each partner is scored on its own rows.
            StringBuilder line = new StringBuilder(String.format("%-8s %9d %9d", first.getPartnerId(),
                    first.getRows(), first.getPositives()));
            if (first.getRows() == 0) {
                System.err.println(line.append(" ").append(Evaluation.NO_LABELLED_ROWS));
                continue;
            }
            if (report.getBayesOptimalCount() > 0) {
                line.append(String.format(" %10.4f", report.getBayesOptimal(p).getAuc()));
            }
            for (ScorerEvaluation scorer : report.getScorersList()) {
                PartnerEvaluation m = scorer.getPartners(p);
                line.append(String.format(" | %.4f / %.4f / %.4f", m.getAuc(), m.getLogLoss(), m.getEce()));
            }
            System.err.println(line);
        }
    }
}
