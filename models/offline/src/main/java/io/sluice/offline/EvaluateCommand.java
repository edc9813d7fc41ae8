package io.sluice.offline;

import com.google.protobuf.util.Timestamps;
import io.sluice.BadInputException;
import io.sluice.api.v1.EvaluationReport;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerEvaluation;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.api.v1.ScorerEvaluation;
import io.sluice.evaluation.Evaluation;
import io.sluice.evaluation.EvaluationReportFiles;
import io.sluice.evaluation.EvaluationTally;
import io.sluice.evaluation.PredictionsCsv;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.CompiledMlp;
import io.sluice.model.ModelArtifact;
import io.sluice.model.Predictor;
import io.sluice.training.EvaluatedRows;
import io.sluice.training.LabeledSource;
import io.sluice.training.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
                + "index.html, PNG charts and summary.json. Memory does not grow with the rows: scores are counted "
                + "in fixed-size histograms (AUC within the bound the report states).")
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
                    + "rows), e.g. xgboost=target/xgboost/test-predictions.csv; held in memory until their rows "
                    + "come. Repeatable.")
    Map<String, Path> baselines = new LinkedHashMap<>();

    @Option(names = "--skip-bad-rows", description = "Skip (and count) bad rows instead of failing; use the same "
            + "setting as training.")
    boolean skipBadRows;

    @Override
    public Integer call() throws Exception {
        requireArtifactFolder(model);
        ModelArtifact artifact = ModelArtifact.read(ArtifactFiles.directory(model), MAX_ARTIFACT_BYTES);
        ModelManifest manifest = artifact.manifest();
        LabeledSource source = LabeledSource.of(data);
        // The network's outputs are the manifest's partners, in order.
        List<String> partners = manifest.getPartnersList().stream().map(PartnerOutput::getPartnerId).toList();
        List<PredictionsCsv> compared = new ArrayList<>();
        for (Map.Entry<String, Path> baseline : baselines.entrySet()) {
            compared.add(PredictionsCsv.read(baseline.getKey(), baseline.getValue(), partners));
        }
        List<String> scorers = new ArrayList<>();
        scorers.add("sluice " + manifest.getVersion());
        compared.forEach(baseline -> scorers.add(baseline.name()));
        EvaluationTally tally = new EvaluationTally(partners, scorers);
        EvaluatedRows.Visitor scoreRow = rowScorer(CompiledMlp.of(artifact.network()), partners, compared, tally);
        EvaluatedRows.Summary read = allRows
                ? EvaluatedRows.all(source, skipBadRows, ProgressBar.onStderr("evaluate", ProgressBar.Unit.BYTES),
                        scoreRow)
                : EvaluatedRows.testSplit(source, skipBadRows, manifest.getTrainingData(), out,
                        pass -> ProgressBar.onStderr(pass, ProgressBar.Unit.BYTES), scoreRow);
        for (String partner : partners) {
            if (!read.partners().contains(partner)) {
                throw new IllegalArgumentException("the data does not label partner " + partner);
            }
        }
        compared.forEach(PredictionsCsv::requireAllTaken);
        String evaluated = allRows ? String.format("all %d rows", read.rowsRead())
                : String.format("test split of the training data: newest %d of %d rows by arrival time",
                        read.rowsEvaluated(), read.rowsRead());
        Evaluation evaluation = tally.evaluation();
        EvaluationReport report = evaluation.report()
                .setCreatedAt(Timestamps.fromMillis(System.currentTimeMillis()))
                .setDataSource(data.getFileName().toString())
                .setDataSha256(read.provenance().getSha256())
                .setRowsEvaluated(evaluated)
                .setSkippedRows(read.skippedRows())
                .build();
        EvaluationReportFiles.write(out, report, evaluation);
        System.err.printf("evaluated %s of %s (%,d bad rows skipped)%n", evaluated, data, read.skippedRows());
        printAucs(report);
        System.err.printf("wrote %s%n", out.resolve(EvaluationReportFiles.HTML_FILE));
        return 0;
    }

    /**
     * Scores each evaluated row with the model and takes the baselines' predictions for it, then counts every entry
     * the row labels for an evaluated partner.
     */
    private static EvaluatedRows.Visitor rowScorer(Predictor model, List<String> partners,
                                                   List<PredictionsCsv> baselines, EvaluationTally tally) {
        Map<String, Integer> columnOf = new HashMap<>();
        for (int p = 0; p < partners.size(); p++) {
            columnOf.put(partners.get(p), p);
        }
        float[] modelScores = new float[partners.size()];
        double[][] baselineScores = new double[baselines.size()][partners.size()];
        double[] entryScores = new double[1 + baselines.size()];
        return (row, features) -> {
            model.predict(features, modelScores);
            for (int b = 0; b < baselines.size(); b++) {
                baselines.get(b).take(row.getRequest().getId(), baselineScores[b]);
            }
            for (Map.Entry<String, Boolean> label : row.getBidsMap().entrySet()) {
                Integer p = columnOf.get(label.getKey());
                if (p == null) {
                    continue;
                }
                entryScores[0] = modelScores[p];
                for (int b = 0; b < baselines.size(); b++) {
                    entryScores[1 + b] = baselineScores[b][p];
                }
                tally.add(p, label.getValue(), row.getTrueProbabilityOrDefault(label.getKey(), Double.NaN),
                        entryScores);
            }
        };
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
