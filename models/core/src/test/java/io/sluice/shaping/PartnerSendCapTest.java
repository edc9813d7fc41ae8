package io.sluice.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ThresholdSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A partner's QPS cap under generated streams, on a simulated clock: minutes of traffic in milliseconds. */
class PartnerSendCapTest {

    private static final String PARTNER = "1458";
    private static final long SECOND = 1_000_000_000L;
    private static final double MODEL_THRESHOLD = 0.01;

    /** One request's decision. */
    private record Sent(long nanos, double likelihood, boolean send, boolean explored, double threshold,
                        ThresholdSource source) {
    }

    /**
     * {@code perSecond} requests a second for {@code seconds}, likelihoods skewed towards 0 like bid likelihoods,
     * through a policy capping the partner at {@code fleetCap} over {@code replicas} replicas.
     */
    private static List<Sent> stream(double perSecond, int seconds, double fleetCap, int replicas,
                                     double explorationRate) {
        ShapingPolicy policy = new ShapingPolicy(new ShapingSettings(explorationRate, Map.of(), "test", Map.of(
                PARTNER, fleetCap), replicas, Duration.ofSeconds(10)), () -> {
                    throw new AssertionError("the test passes each request's time");
                });
        PartnerPolicies partners = policy.forPartners(List.of(PARTNER));
        SplittableRandom random = new SplittableRandom(17);
        List<Sent> decisions = new ArrayList<>();
        long requests = Math.round(perSecond * seconds);
        for (long i = 0; i < requests; i++) {
            long nanos = Math.round(i * SECOND / perSecond);
            double u = random.nextDouble();
            double likelihood = 0.4 * u * u * u;
            PartnerScore.Builder score = PartnerScore.newBuilder();
            partners.decide(0, policy.requestKey("req-" + i), nanos, likelihood, MODEL_THRESHOLD,
                    ThresholdSource.THRESHOLD_SOURCE_MODEL_DEFAULT, score);
            decisions.add(new Sent(nanos, likelihood, score.getDecision() == Decision.DECISION_SEND,
                    score.getExploration(), score.getThreshold(), score.getThresholdSource()));
        }
        return decisions;
    }

    private static List<Sent> window(List<Sent> decisions, int fromSecond, int seconds) {
        return decisions.stream().filter(d -> d.nanos() >= fromSecond * SECOND
                && d.nanos() < (fromSecond + seconds) * SECOND).toList();
    }

    private static long sends(List<Sent> decisions) {
        return decisions.stream().filter(Sent::send).count();
    }

    @Test
    void theSendRateHoldsTheCapWithinFivePercentOverEveryTenSecondWindow() {
        // 5,000 requests/s; the model's threshold alone would send about 3,600/s; each replica may send 1,000/s.
        List<Sent> decisions = stream(5000, 60, 3000, 3, 0.01);

        assertThat(sends(window(decisions, 0, 1))).as("sends while the model threshold alone decides")
                .isGreaterThan(0);
        for (int from = 0; from < 60; from += 10) {
            assertThat(sends(window(decisions, from, 10))).as("sends in [%d s, %d s)", from, from + 10)
                    .isBetween(9_500L, 10_500L);
        }
        for (int from = 0; from <= 50; from++) {
            assertThat(sends(window(decisions, from, 10))).as("sends in the sliding window from %d s", from)
                    .isBetween(9_500L, 10_500L);
        }
    }

    @Test
    void theRequestsKeptAreTheOnesMostLikelyToBid() {
        List<Sent> decisions = stream(5000, 30, 3000, 3, 0.01);

        for (int from = 10; from < 30; from += 10) {
            List<Sent> window = window(decisions, from, 10);
            List<Sent> kept = window.stream().filter(d -> d.send() && !d.explored()).toList();
            double[] scores = window.stream().mapToDouble(Sent::likelihood).sorted().toArray();
            double topCut = scores[scores.length - kept.size()];
            long inTop = kept.stream().filter(d -> d.likelihood() >= topCut).count();
            // Against sending the top scores of the window in hindsight: all but a sliver at the edge.
            assertThat((double) inTop / kept.size()).as("share of kept requests among the window's top scores")
                    .isGreaterThan(0.97);
            assertThat(kept).allSatisfy(d -> {
                assertThat(d.threshold()).isGreaterThan(MODEL_THRESHOLD);
                assertThat(d.source()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_PARTNER_QPS_CAP);
                assertThat(d.likelihood()).isGreaterThanOrEqualTo(d.threshold());
            });
        }
    }

    @Test
    void explorationSendsCountWithinTheCapAndAreThinnedWhenTheyAloneWouldExceedIt() {
        // 20,000 requests/s explored at 1% would be 200 sends/s; the replica may send 100/s.
        ShapingSettings settings = new ShapingSettings(0.01, Map.of(), "test", Map.of(PARTNER, 100.0), 1,
                Duration.ofSeconds(10));
        PartnerSendCap cap = new PartnerSendCap(settings.replicaQpsCap(PARTNER), 0.01, settings.capWindow());
        for (long i = 0; i < 20_000 * 12; i++) {
            cap.record(0.4 * (i % 1000) / 1000.0, i * SECOND / 20_000);
        }

        assertThat(cap.limit().explorationProbability()).isCloseTo(0.005, within(0.0001));
        assertThat(cap.limit().threshold()).isEqualTo(1.0);
        assertThat(cap.limit().arrivalsPerSecond()).isCloseTo(20_000, within(1.0));
    }

    @Test
    void trafficUnderTheCapIsDecidedByTheThresholdAlone() {
        List<Sent> decisions = stream(500, 20, 3000, 3, 0.0);

        assertThat(decisions).allSatisfy(d -> {
            assertThat(d.threshold()).isEqualTo(MODEL_THRESHOLD);
            assertThat(d.source()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_MODEL_DEFAULT);
            assertThat(d.send()).isEqualTo(d.likelihood() >= MODEL_THRESHOLD);
        });
    }

    @Test
    void whenTrafficFallsBelowTheCapTheThresholdFallsBackOnceTheWindowHasPassed() {
        PartnerSendCap cap = new PartnerSendCap(1000, 0, Duration.ofSeconds(10));
        long nanos = 0;
        for (int i = 0; i < 5000 * 20; i++, nanos += SECOND / 5000) {
            cap.record((i % 997) / 997.0, nanos);
        }
        assertThat(cap.limit().threshold()).as("keeps the top fifth").isCloseTo(0.8, within(0.01));

        for (int i = 0; i < 500 * 11; i++, nanos += SECOND / 500) {
            cap.record((i % 997) / 997.0, nanos);
        }

        assertThat(cap.limit().threshold()).isZero();
        assertThat(cap.limit().arrivalsPerSecond()).isCloseTo(500, within(1.0));
    }

    @Test
    void thresholdKeepingInterpolatesInsideTheBucketOfTheCut() {
        long[] counts = new long[SlidingScoreHistogram.BUCKETS];
        counts[SlidingScoreHistogram.bucket(0.25)] = 100;
        counts[SlidingScoreHistogram.bucket(0.81)] = 50;
        int cutBucket = SlidingScoreHistogram.bucket(0.25);

        assertThat(PartnerSendCap.thresholdKeeping(counts, 50)).isEqualTo(
                SlidingScoreHistogram.scoreAt(SlidingScoreHistogram.bucket(0.81)));
        assertThat(PartnerSendCap.thresholdKeeping(counts, 100)).isEqualTo(
                SlidingScoreHistogram.scoreAt(cutBucket + 0.5));
        assertThat(PartnerSendCap.thresholdKeeping(counts, 0)).isEqualTo(1.0);
        assertThat(PartnerSendCap.thresholdKeeping(counts, 1000)).isZero();
        assertThat(Arrays.stream(counts).sum()).isEqualTo(150);
    }
}
