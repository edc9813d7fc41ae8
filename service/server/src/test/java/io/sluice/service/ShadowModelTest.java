package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.ClearCandidateRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shadow model: the candidate version a store names in CANDIDATE (S3 through s3proxy) scores every request off the
 * hot path, never answers one, and the metrics compare it with the serving model per partner.
 */
class ShadowModelTest {

    private static final String SERVING = "shadow-serving";
    private static final int REQUESTS = 48;

    @TempDir
    static Path scratch;

    private static StoreServer store;

    @BeforeAll
    static void start() throws Exception {
        store = StoreServer.start(scratch, SERVING, Map.of("thrift.enabled", "false",
                "model.candidate.mode", "shadow", "model.candidate.share", "1"));
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
    }

    /** Each test starts without a candidate, in the store and in memory. */
    @BeforeEach
    void noCandidate() {
        store.s3.makeCandidate("");
        store.admin().clearCandidate(ClearCandidateRequest.getDefaultInstance());
    }

    @Test
    void candidateEqualToTheServingModelDiffersByNothingAndAlwaysAgrees() throws Exception {
        store.s3.publish("same-weights", scratch);
        tryFromStore("same-weights");

        List<ScoreResponse> answered = scoreEveryHourOfTwoDays("same-");
        PrometheusScrape scrape = awaitComparisons("same-weights", answered);

        assertThat(answered).extracting(ScoreResponse::getModelVersion).containsOnly(SERVING);
        for (String partner : partners()) {
            assertThat(scrape.sum("sluice_shadow_likelihood_difference_count", "partner", partner,
                    "model_version", "same-weights")).isEqualTo(REQUESTS);
            assertThat(scrape.sum("sluice_shadow_likelihood_difference_sum", "partner", partner,
                    "model_version", "same-weights")).isZero();
            assertThat(scrape.sum("sluice_shadow_decisions_total", "partner", partner, "model_version", "same-weights",
                    "agreement", "agree")).isEqualTo(REQUESTS);
        }
        assertThat(scrape.has("sluice_shadow_decisions_total", "model_version", "same-weights", "agreement",
                "disagree")).isFalse();
        assertThat(scrape.sum("sluice_model_requests_total", "model_version", "same-weights")).isZero();
        assertThat(scrape.sum("sluice_model_candidate", "model_version", "same-weights", "mode", "shadow"))
                .isEqualTo(1);
        assertThat(scrape.sum("sluice_shadow_dropped_total")).isZero();
    }

    @Test
    void nearZeroCandidateDisagreesExactlyWhereTheServingModelScoredAboveTheThreshold() throws Exception {
        store.s3.publishShifted("near-zero", scratch, -20);
        tryFromStore("near-zero");

        List<ScoreResponse> answered = scoreEveryHourOfTwoDays("low-");
        PrometheusScrape scrape = awaitComparisons("near-zero", answered);

        assertThat(answered).extracting(ScoreResponse::getModelVersion).containsOnly(SERVING);
        for (String partner : partners()) {
            List<PartnerScore> served = answered.stream().flatMap(r -> r.getScoresList().stream())
                    .filter(s -> s.getPartnerId().equals(partner)).toList();
            // The serving model's own decisions: exploration sends a few requests below the threshold as well.
            long sent = served.stream().filter(s -> s.getLikelihood() >= s.getThreshold()).count();
            double meanServed = served.stream().mapToDouble(PartnerScore::getLikelihood).average().orElseThrow();
            double difference = scrape.sum("sluice_shadow_likelihood_difference_sum", "partner", partner,
                    "model_version", "near-zero");
            assertThat(difference / REQUESTS).as("mean absolute difference, partner %s", partner)
                    .isCloseTo(meanServed, within(1e-6));
            assertThat(scrape.sum("sluice_shadow_decisions_total", "partner", partner, "model_version", "near-zero",
                    "agreement", "disagree")).as("disagreements, partner %s", partner).isEqualTo(sent);
            assertThat(scrape.sum("sluice_shadow_decisions_total", "partner", partner, "model_version", "near-zero",
                    "agreement", "agree")).isEqualTo(REQUESTS - sent);
        }
        assertThat(answered.stream().flatMap(r -> r.getScoresList().stream()))
                .as("some partner was sent, so a disagreement was possible")
                .anyMatch(s -> s.getLikelihood() >= s.getThreshold());
    }

    /** One Score call per hour of two days: the same request at 48 local times, each scored differently. */
    private static List<ScoreResponse> scoreEveryHourOfTwoDays(String idPrefix) {
        List<ScoreResponse> answered = new ArrayList<>();
        for (int hour = 0; hour < REQUESTS; hour++) {
            ScoreRequest request = Requests.scoreRequest(idPrefix + hour).toBuilder()
                    .setArrivalTime(Timestamp.newBuilder()
                            .setSeconds(Requests.TUESDAY_14H_UTC8.getEpochSecond() + hour * 3600L))
                    .build();
            answered.add(store.scorer().withDeadlineAfter(10, TimeUnit.SECONDS).score(request));
        }
        return answered;
    }

    private static List<String> partners() {
        return store.running.server.models().current().orElseThrow().partnerIds();
    }

    /** Scrapes until the shadow has compared every partner score of {@code answered} with {@code candidate}. */
    private static PrometheusScrape awaitComparisons(String candidate, List<ScoreResponse> answered) throws Exception {
        long expected = answered.stream().mapToLong(ScoreResponse::getScoresCount).sum();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            PrometheusScrape scrape = PrometheusScrape.of(store.running.server.adminPort());
            if (scrape.sum("sluice_shadow_likelihood_difference_count", "model_version", candidate) >= expected) {
                return scrape;
            }
            assertThat(System.nanoTime()).as("%d shadow comparisons in time", expected).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Names {@code version} in CANDIDATE and waits until it is on trial. */
    private static void tryFromStore(String version) throws InterruptedException {
        store.s3.makeCandidate(version);
        store.awaitCandidate(Optional.of(version));
    }
}
