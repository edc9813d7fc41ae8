package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.GetCurrentModelRequest;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.api.v1.ServingThreshold;
import io.sluice.api.v1.ThresholdPoint;
import io.sluice.api.v1.ThresholdSource;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.scoring.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thresholds picked from a recall target when the model loads, through the gRPC server: in responses, ModelAdmin,
 * /metrics and the load log; and the bundled model, which has no threshold table, keeping its defaults.
 */
class TargetRecallTest {

    private static final String TOKEN = "test-admin-token-0123456789";
    /** Every partner's validation trade-off in the test artifact (the bundled network with tables added). */
    private static final List<ThresholdPoint> TABLE = List.of(
            point(0.01, 1.0, 0.05), point(0.03, 0.99, 0.30), point(0.06, 0.95, 0.55), point(0.09, 0.90, 0.68),
            point(0.20, 0.60, 0.90));

    @TempDir
    static Path dir;
    private static RunningServer running;
    private static List<String> loadLog;

    private static ThresholdPoint point(double threshold, double recall, double filtered) {
        return ThresholdPoint.newBuilder().setThreshold(threshold).setRecall(recall).setFilteredShare(filtered).build();
    }

    @BeforeAll
    static void serveAModelWithThresholdTables() throws Exception {
        ModelArtifact bundled = ModelArtifact.read(ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX), 1L << 30);
        ModelManifest.Builder manifest = bundled.manifest().toBuilder().setVersion("with-tables");
        for (PartnerOutput.Builder partner : manifest.getPartnersBuilderList()) {
            partner.addAllThresholdTable(TABLE);
        }
        ModelArtifact.write(dir.resolve("model"), manifest.build(), bundled.network());
        Path tokenFile = Files.writeString(dir.resolve("admin-token"), TOKEN + "\n");
        try (CapturedLog log = CapturedLog.of(ModelLoader.class)) {
            running = RunningServer.inProcess(Map.of(
                    "model.location", dir.resolve("model").toString(),
                    "shaping.target-recall", "0.9",
                    "shaping.target-recall.3358", "0.99",
                    "shaping.exploration-rate", "0",
                    "model-admin.enabled", "true",
                    "model-admin.token-file", tokenFile.toString()));
            loadLog = log.lines();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
    }

    private static ScoreResponse score(RunningServer server, ScoreRequest request) {
        return ScorerGrpc.newBlockingStub(server.channel).withDeadlineAfter(30, TimeUnit.SECONDS).score(request);
    }

    @Test
    void eachPartnerIsServedTheLargestThresholdThatKeepsItsTargetRecall() {
        ScoreResponse response = score(running, Requests.scoreRequest("t1", "1458", "3358"));

        PartnerScore global = response.getScores(0);
        assertThat(global.getThreshold()).isEqualTo(0.09);
        assertThat(global.getUncappedThreshold()).isEqualTo(0.09);
        assertThat(global.getThresholdSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_TARGET_RECALL);
        PartnerScore own = response.getScores(1);
        assertThat(own.getThreshold()).isEqualTo(0.03);
        assertThat(own.getThresholdSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_TARGET_RECALL);
        assertThat(response.getScoresList()).allSatisfy(score -> assertThat(score.getDecision().getNumber())
                .isEqualTo(score.getLikelihood() >= score.getThreshold() ? 1 : 2));
    }

    @Test
    void aRequestsOwnThresholdStillWins() {
        ScoreResponse response = score(running, Requests.scoreRequest("t2", "1458").toBuilder()
                .putThresholds("1458", 0.5).build());

        assertThat(response.getScores(0).getThreshold()).isEqualTo(0.5);
        assertThat(response.getScores(0).getThresholdSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_REQUEST);
    }

    @Test
    void modelAdminDescribesEachPartnersThresholdAndWhatItShouldFilter() {
        ModelManifest described = running.modelAdmin(TOKEN).getCurrentModel(GetCurrentModelRequest.getDefaultInstance());

        ServingThreshold threshold = described.getPartnersList().stream()
                .filter(p -> p.getPartnerId().equals("1458")).findFirst().orElseThrow().getServingThreshold();
        assertThat(threshold.getThreshold()).isEqualTo(0.09);
        assertThat(threshold.getSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_TARGET_RECALL);
        assertThat(threshold.getTargetRecall()).isEqualTo(0.9);
        assertThat(threshold.getExpectedRecall()).isEqualTo(0.9);
        assertThat(threshold.getExpectedFilteredShare()).isEqualTo(0.68);
    }

    @Test
    void metricsShowEachPartnersThresholdAndItsExpectedFilterRate() throws Exception {
        PrometheusScrape metrics = PrometheusScrape.of(running.server.adminPort());

        assertThat(metrics.sum("sluice_partner_threshold", "partner", "1458", "source", "target_recall"))
                .isEqualTo(0.09);
        assertThat(metrics.sum("sluice_partner_threshold", "partner", "3358", "source", "target_recall"))
                .isEqualTo(0.03);
        assertThat(metrics.sum("sluice_partner_expected_filtered_share", "partner", "1458")).isEqualTo(0.68);
        assertThat(metrics.sum("sluice_partner_expected_filtered_share", "partner", "3358")).isEqualTo(0.30);
    }

    @Test
    void theLoadLogSaysEachPartnersThreshold() {
        assertThat(loadLog).contains(
                "INFO model with-tables partner 1458: threshold 0.090000 (target recall 0.9; expected from held-out "
                        + "rows: keeps 90.0% of bids, filters 68.0% of requests)",
                "INFO model with-tables partner 3358: threshold 0.030000 (target recall 0.99; expected from held-out "
                        + "rows: keeps 99.0% of bids, filters 30.0% of requests)");
    }

    @Test
    void aModelWithoutTablesKeepsItsDefaultThresholdsAndWarnsThatTheTargetCannotApply() throws Exception {
        try (CapturedLog loads = CapturedLog.of(ModelLoader.class);
             CapturedLog server = CapturedLog.of(SluiceServer.class);
             RunningServer bundled = RunningServer.inProcess(Map.of("shaping.target-recall", "0.9",
                     "shaping.target-recall.9999", "0.95", "shaping.exploration-rate", "0"))) {
            PartnerScore score = score(bundled, Requests.scoreRequest("t3", "1458")).getScores(0);
            double modelDefault = bundled.server.models().current().orElseThrow().manifest().getPartnersList()
                    .stream().filter(p -> p.getPartnerId().equals("1458")).findFirst().orElseThrow()
                    .getDefaultThreshold();
            PrometheusScrape metrics = PrometheusScrape.of(bundled.server.adminPort());

            assertThat(score.getThreshold()).isEqualTo(modelDefault);
            assertThat(score.getThresholdSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_MODEL_DEFAULT);
            assertThat(metrics.sum("sluice_partner_threshold", "partner", "1458", "source", "model_default"))
                    .isEqualTo(modelDefault);
            assertThat(metrics.has("sluice_partner_expected_filtered_share")).isFalse();
            assertThat(loads.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN model ")
                    .contains("has no threshold table").contains("shaping.target-recall cannot apply"));
            assertThat(server.lines()).anySatisfy(line -> assertThat(line).startsWith(
                    "WARN shaping.target-recall.9999 names a partner that model ").endsWith("does not score; it "
                    + "does nothing"));
        }
    }
}
