package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.api.v1.CandidateMode;
import io.sluice.api.v1.CandidateStatus;
import io.sluice.api.v1.ClearCandidateRequest;
import io.sluice.api.v1.GetCandidateRequest;
import io.sluice.api.v1.ListVersionsRequest;
import io.sluice.api.v1.ModelAdminGrpc;
import io.sluice.api.v1.PromoteCandidateRequest;
import io.sluice.api.v1.RollbackRequest;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.SetCandidateRequest;
import io.sluice.scoring.ServingModel;
import io.sluice.service.store.ModelUpdater;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary: the candidate version a store names in CANDIDATE (S3 through s3proxy) answers its share of requests,
 * picked by request id; promoted and rolled back through ModelAdmin and through the store.
 */
class CanaryTest {

    private static final double SHARE = 0.2;

    @TempDir
    static Path scratch;

    private static StoreServer store;

    @BeforeAll
    static void start() throws Exception {
        store = StoreServer.start(scratch, "v1", Map.of("thrift.enabled", "false",
                "model.candidate.mode", "canary", "model.candidate.share", String.valueOf(SHARE)));
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
    }

    /** Each test starts without a candidate, in the store and in memory. */
    @BeforeEach
    void noCandidate() throws Exception {
        store.s3.makeCandidate("");
        admin().clearCandidate(ClearCandidateRequest.getDefaultInstance());
    }

    @Test
    void candidateInTheStoreAnswersItsShareOfRequestsAndEachIdAlwaysLandsOnTheSameVersion() throws Exception {
        serveFromStore("share-serving");
        tryFromStore("share-canary");
        List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "share-" + i).toList();

        Map<String, String> first = versionsById(ids);
        Map<String, String> second = versionsById(ids);

        long canary = first.values().stream().filter("share-canary"::equals).count();
        // Binomial(2000, 0.2): mean 400, standard deviation 17.9; 4.5 deviations either side.
        assertThat(canary).isBetween(320L, 480L);
        assertThat(first.values()).containsOnly("share-serving", "share-canary");
        assertThat(second).isEqualTo(first);
        PrometheusScrape scrape = PrometheusScrape.of(store.running.server.adminPort());
        assertThat(scrape.sum("sluice_model_requests_total", "model_version", "share-canary")).isEqualTo(2 * canary);
        assertThat(scrape.sum("sluice_model_requests_total", "model_version", "share-serving"))
                .isEqualTo(2 * (ids.size() - canary));
        assertThat(scrape.sum("sluice_model_decisions_total", "model_version", "share-canary"))
                .isEqualTo(2 * canary * partnerCount());
        assertThat(scrape.sum("sluice_model_candidate", "model_version", "share-canary", "mode", "canary"))
                .isEqualTo(1);
        CandidateStatus status = admin().getCandidate(GetCandidateRequest.getDefaultInstance());
        assertThat(status.getCandidate().getVersion()).isEqualTo("share-canary");
        assertThat(status.getMode()).isEqualTo(CandidateMode.CANDIDATE_MODE_CANARY);
        assertThat(status.getShare()).isEqualTo(SHARE);
    }

    @Test
    void promotingThroughModelAdminServesTheCandidateEverywhereAndRollbackReturnsToTheModelBefore() throws Exception {
        serveFromStore("adm-serving");
        tryFromStore("adm-canary");

        assertThat(admin().promoteCandidate(PromoteCandidateRequest.getDefaultInstance()).getVersion())
                .isEqualTo("adm-canary");

        assertThat(versionsById(ids("adm-promoted-", 200)).values()).containsOnly("adm-canary");
        assertThat(admin().getCandidate(GetCandidateRequest.getDefaultInstance()).hasCandidate()).isFalse();
        assertThat(admin().listVersions(ListVersionsRequest.getDefaultInstance()).getPrevious())
                .isEqualTo("adm-serving");
        assertThat(admin().rollback(RollbackRequest.getDefaultInstance()).getVersion()).isEqualTo("adm-serving");
        assertThat(versionsById(ids("adm-rolled-back-", 200)).values()).containsOnly("adm-serving");
        assertThatThrownBy(() -> admin().promoteCandidate(PromoteCandidateRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    }

    @Test
    void promotingThroughTheStoreSwapsTheCandidateInWithoutDownloadingItAgain() throws Exception {
        serveFromStore("store-serving");
        tryFromStore("store-canary");
        long loads = updater().successfulLoads();

        store.s3.makeCurrent("store-canary");
        store.s3.makeCandidate("");
        store.running.awaitVersion("store-canary");
        store.awaitCandidate(Optional.empty());

        assertThat(versionsById(ids("store-promoted-", 200)).values()).containsOnly("store-canary");
        assertThat(updater().successfulLoads()).as("versions downloaded").isEqualTo(loads);
        assertThat(store.running.server.models().previous().map(ServingModel::version)).contains("store-serving");
    }

    @Test
    void refusedCandidateLeavesTheServingModelAloneAndServesNothing() throws Exception {
        serveFromStore("refusal-serving");
        long refused = updater().refusedLoads();

        store.s3.publishCorrupt("refusal-corrupt", scratch);
        store.s3.makeCandidate("refusal-corrupt");
        awaitRefusal(refused);

        assertThat(store.running.server.models().candidate()).isEmpty();
        assertThat(versionsById(ids("refusal-", 500)).values()).containsOnly("refusal-serving");
        assertThatThrownBy(() -> admin().setCandidate(SetCandidateRequest.newBuilder()
                .setVersion("refusal-corrupt").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("is corrupt");
                });
        assertThat(store.running.server.models().current().map(ServingModel::version)).contains("refusal-serving");
    }

    @Test
    void modelAdminSetsAndClearsTheCandidateByVersion() throws Exception {
        serveFromStore("set-serving");
        store.s3.publish("set-canary", scratch);

        CandidateStatus set = admin().setCandidate(SetCandidateRequest.newBuilder().setVersion("set-canary").build());

        assertThat(set.getCandidate().getVersion()).isEqualTo("set-canary");
        assertThat(admin().listVersions(ListVersionsRequest.getDefaultInstance()).getCandidate())
                .isEqualTo("set-canary");
        assertThat(versionsById(ids("set-", 500)).values()).contains("set-canary", "set-serving");
        assertThat(admin().clearCandidate(ClearCandidateRequest.getDefaultInstance()).hasCandidate()).isFalse();
        assertThat(versionsById(ids("cleared-", 500)).values()).containsOnly("set-serving");
        assertThatThrownBy(() -> admin().setCandidate(SetCandidateRequest.newBuilder()
                .setVersion("set-serving").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("already serving");
                });
    }

    private static ModelAdminGrpc.ModelAdminBlockingStub admin() {
        return store.admin();
    }

    private static ModelUpdater updater() {
        return store.running.server.modelUpdater().orElseThrow();
    }

    private static int partnerCount() {
        return store.running.server.models().current().orElseThrow().partnerIds().size();
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    /** Scores every id through ScoreBatch and returns the version that answered each. */
    private static Map<String, String> versionsById(List<String> ids) {
        Map<String, String> versions = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            ScoreBatchRequest.Builder batch = ScoreBatchRequest.newBuilder();
            ids.subList(from, Math.min(ids.size(), from + 1000))
                    .forEach(id -> batch.addRequests(Requests.scoreRequest(id)));
            for (ScoreOutcome outcome : store.scorer().withDeadlineAfter(30, TimeUnit.SECONDS).scoreBatch(batch.build())
                    .getOutcomesList()) {
                assertThat(outcome.hasResponse()).as("scored: %s", outcome).isTrue();
                versions.put(outcome.getRequestId(), outcome.getResponse().getModelVersion());
            }
        }
        return versions;
    }

    /** Publishes {@code version}, makes it current, and waits until it serves. */
    private static void serveFromStore(String version) throws Exception {
        store.s3.publish(version, scratch);
        store.s3.makeCurrent(version);
        store.running.awaitVersion(version);
    }

    /** Publishes {@code version}, names it in CANDIDATE, and waits until it is on trial. */
    private static void tryFromStore(String version) throws Exception {
        store.s3.publish(version, scratch);
        store.s3.makeCandidate(version);
        store.awaitCandidate(Optional.of(version));
    }

    private static void awaitRefusal(long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (updater().refusedLoads() == before) {
            assertThat(System.nanoTime()).as("candidate refused in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
