package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.EvaluationReport;
import io.sluice.api.v1.PartnerEvaluation;
import io.sluice.evaluation.Evaluation;
import io.sluice.evaluation.EvaluationReportFiles;
import io.sluice.evaluation.ReportChart;
import io.sluice.service.cli.SluiceCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The documented pipeline end to end on a small run: generate, train, export features, evaluate. */
class TrainingPipelineTest {

    private static final int ROWS = 20_000;
    /**
     * Stated floors for this small run (16K training rows, 2,000 test rows): about 0.69 pooled and 0.60 to 0.71 per
     * partner when written. With 360 to 940 positives per partner, a partner's AUC has a standard error of about
     * 0.015, so its floor sits further below. The generator's Bayes AUC is about 0.78 to 0.80; a constant score
     * gets 0.5.
     */
    private static final double POOLED_AUC_FLOOR = 0.66;
    private static final double PARTNER_AUC_FLOOR = 0.55;

    @TempDir
    static Path dir;
    private static Path data;
    private static Path model;

    private final StringWriter err = new StringWriter();

    private static int run(StringWriter err, String... args) {
        CommandLine cli = SluiceCommandLine.of(new SluiceCli());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int run(String... args) {
        return run(err, args);
    }

    @BeforeAll
    static void generateAndTrain() {
        data = dir.resolve("data.jsonl");
        model = dir.resolve("model");
        StringWriter err = new StringWriter();
        assertThat(run(err, "generate", "--rows", Integer.toString(ROWS), "--seed", "11", "--out", data.toString()))
                .as(err.toString()).isZero();
        assertThat(run(err, "train", "--data", data.toString(), "--out", model.toString(), "--model-version", "tiny",
                "--epochs", "3", "--seed", "3")).as(err.toString()).isZero();
    }

    private static EvaluationReport summary(Path reportDir) throws Exception {
        EvaluationReport.Builder report = EvaluationReport.newBuilder();
        JsonFormat.parser().merge(Files.readString(reportDir.resolve(EvaluationReportFiles.SUMMARY_FILE)), report);
        return report.build();
    }

    @Test
    void evaluatingTheTestSplitBeatsTheFloorAndWritesTheReport() throws Exception {
        Path out = dir.resolve("report");

        assertThat(run("evaluate", "--model", model.toString(), "--data", data.toString(), "--out", out.toString()))
                .as(err.toString()).isZero();

        EvaluationReport report = summary(out);
        assertThat(report.getRowsEvaluated()).contains("newest 2000 of 20000 rows");
        assertThat(report.getScorersList()).hasSize(1);
        List<PartnerEvaluation> partners = report.getScorers(0).getPartnersList();
        assertThat(partners).hasSize(10).extracting(PartnerEvaluation::getRows).containsOnly(2000L, 18_000L);
        PartnerEvaluation pooled = partners.get(9);
        assertThat(pooled.getPartnerId()).isEqualTo(Evaluation.POOLED);
        assertThat(pooled.getAuc()).isGreaterThan(POOLED_AUC_FLOOR);
        assertThat(partners.subList(0, 9)).extracting(PartnerEvaluation::getAuc)
                .allSatisfy(auc -> assertThat(auc).isGreaterThan(PARTNER_AUC_FLOOR));
        assertThat(report.getBayesOptimalList()).hasSize(10);
        assertThat(report.getBayesOptimal(9).getAuc()).isGreaterThan(pooled.getAuc());
        assertThat(out.resolve(EvaluationReportFiles.HTML_FILE)).isRegularFile();
        for (ReportChart chart : ReportChart.values()) {
            assertThat(out.resolve(chart.file())).isRegularFile();
        }
    }

    @Test
    void exportedFeaturesFollowTheTrainingSplitAndABaselineJoinsTheReportByRequestId() throws Exception {
        Path features = dir.resolve("features");
        assertThat(run("export-features", "--data", data.toString(), "--out", features.toString()))
                .as(err.toString()).isZero();
        assertThat(Files.readAllLines(features.resolve("train.svm"))).hasSize(16_000);
        assertThat(Files.readAllLines(features.resolve("validation.svm"))).hasSize(2000);
        List<String> testLabels = Files.readAllLines(features.resolve("test-labels.csv"));
        assertThat(testLabels).hasSize(2001);
        assertThat(testLabels.get(0)).startsWith("id,").contains("1458", "3358");
        assertThat(features.resolve("feature-spec.json")).isRegularFile();

        // A baseline that predicts 0.3 for every test row and partner.
        List<String> predictions = new ArrayList<>();
        predictions.add(testLabels.get(0));
        for (String line : testLabels.subList(1, testLabels.size())) {
            predictions.add(line.substring(0, line.indexOf(',')) + ",0.3".repeat(9));
        }
        Path csv = dir.resolve("constant.csv");
        Files.write(csv, predictions);
        Path out = dir.resolve("compared");

        assertThat(run("evaluate", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(),
                "--compare", "constant=" + csv)).as(err.toString()).isZero();

        EvaluationReport report = summary(out);
        assertThat(report.getScorersList()).extracting(s -> s.getName()).containsExactly("sluice tiny", "constant");
        assertThat(report.getScorers(1).getPartners(9).getAuc()).isEqualTo(0.5);
        assertThat(Files.readString(out.resolve(EvaluationReportFiles.HTML_FILE))).contains("constant");
    }

    @Test
    void evaluatingTheTestSplitOfDataTheModelWasNotTrainedOnIsRefused() throws Exception {
        Path other = dir.resolve("other.jsonl");
        assertThat(run("generate", "--rows", "500", "--seed", "12", "--out", other.toString())).isZero();

        int exit = run("evaluate", "--model", model.toString(), "--data", other.toString(), "--out",
                dir.resolve("refused").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("needs the file the model was trained on", "--all-rows");
        assertThat(run("evaluate", "--model", model.toString(), "--data", other.toString(), "--out",
                dir.resolve("unseen").toString(), "--all-rows")).as(err.toString()).isZero();
        assertThat(summary(dir.resolve("unseen")).getRowsEvaluated()).isEqualTo("all 500 rows");
    }

    @Test
    void theTrainedModelsThresholdTablesLetServePickEachPartnersThresholdFromARecallTarget() {
        CapturedCli cli = new CapturedCli();

        assertThat(cli.run("serve", "--print-config", "--set", "model.location=" + model, "--set",
                "shaping.target-recall=0.9", "--set", "shaping.target-recall.3358=0.99")).as(cli.err()).isZero();

        List<String> partners = cli.out().lines().filter(line -> line.startsWith("#   ")).toList();
        assertThat(partners).hasSize(9).allSatisfy(line -> assertThat(line)
                .matches("#   \\d+: \\d\\.\\d{6} \\(target recall 0\\.9+; expected from held-out rows: keeps "
                        + "\\d+\\.\\d% of bids, filters \\d+\\.\\d% of requests\\)"));
        assertThat(partners).anySatisfy(line -> assertThat(line).startsWith("#   3358: ")
                .contains("target recall 0.99;"));
    }
}
