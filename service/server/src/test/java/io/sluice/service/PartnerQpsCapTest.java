package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.api.v1.ThresholdSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A partner's QPS cap through the gRPC server, under a generated stream of 60,000 requests at a simulated 2,000 per
 * second: the server's ticker advances 1/2,000 s each time a request reads it (once per request), so 30 s of traffic
 * run in seconds with no sleep. The fleet cap of 600/s over 2 replicas leaves this replica 300 sends a second.
 */
class PartnerQpsCapTest {

    private static final String PARTNER = "1458";
    private static final int PER_SECOND = 2000;
    private static final int SECONDS = 30;
    private static final long STEP_NANOS = 1_000_000_000L / PER_SECOND;
    private static final int REPLICA_CAP = 300;

    /** One request's decision, at the time the server's ticker gave it. */
    private record Decided(int second, PartnerScore score) {
        boolean sent() {
            return score.getDecision() == Decision.DECISION_SEND;
        }
    }

    private static RunningServer running;
    private static List<Decided> decided;
    private static double modelDefault;
    private static PrometheusScrape metrics;

    @BeforeAll
    static void streamThirtySecondsOfTraffic() throws Exception {
        AtomicLong reads = new AtomicLong();
        running = RunningServer.inProcess(Map.of(
                "shaping.partner-qps-cap." + PARTNER, "600",
                "shaping.fleet-replicas", "2",
                "shaping.exploration-rate", "0.01"), () -> reads.getAndIncrement() * STEP_NANOS);
        modelDefault = running.server.models().current().orElseThrow().threshold(
                running.server.models().current().orElseThrow().outputOf(PARTNER));
        List<ScoreRequest> stream = GeneratedTraffic.requests(11, PER_SECOND * SECONDS, "q-", PARTNER);
        ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(running.channel);
        decided = new ArrayList<>();
        for (int from = 0; from < stream.size(); from += 1000) {
            List<ScoreOutcome> outcomes = scorer.withDeadlineAfter(60, TimeUnit.SECONDS).scoreBatch(
                    ScoreBatchRequest.newBuilder().addAllRequests(stream.subList(from, from + 1000)).build())
                    .getOutcomesList();
            for (ScoreOutcome outcome : outcomes) {
                // Batches are scored in order, one request after another, so the n-th request read time n * step.
                decided.add(new Decided(decided.size() / PER_SECOND, outcome.getResponse().getScores(0)));
            }
        }
        assertThat(reads.get()).as("ticker reads, one per request").isEqualTo(stream.size());
        metrics = PrometheusScrape.of(running.server.adminPort());
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
    }

    private static List<Decided> window(int fromSecond) {
        return decided.stream().filter(d -> d.second() >= fromSecond && d.second() < fromSecond + 10).toList();
    }

    @Test
    void theModelThresholdAloneWouldSendFarMoreThanTheCap() {
        long aboveDefault = decided.stream().filter(d -> d.score().getLikelihood() >= modelDefault).count();

        assertThat((double) aboveDefault / SECONDS).isGreaterThan(2.0 * REPLICA_CAP);
    }

    @Test
    void theSendRateHoldsTheReplicasShareOfTheCapWithinFivePercentOverEveryTenSecondWindow() {
        for (int from = 0; from + 10 <= SECONDS; from++) {
            assertThat(window(from).stream().filter(Decided::sent).count())
                    .as("sends in the 10 s from %d s", from).isBetween(2850L, 3150L);
        }
    }

    @Test
    void theRequestsKeptAreTheOnesMostLikelyToBid() {
        for (int from = 10; from < SECONDS; from += 10) {
            List<Decided> window = window(from);
            List<Decided> kept = window.stream().filter(d -> d.sent() && !d.score().getExploration()).toList();
            double[] scores = window.stream().mapToDouble(d -> d.score().getLikelihood()).sorted().toArray();
            double topCut = scores[scores.length - kept.size()];

            assertThat(kept.stream().filter(d -> d.score().getLikelihood() >= topCut).count())
                    .as("kept requests among the window's top %d scores", kept.size())
                    .isGreaterThan(Math.round(0.95 * kept.size()));
        }
    }

    @Test
    void eachResponseReportsTheThresholdActuallyApplied() {
        List<PartnerScore> capped = window(10).stream().map(Decided::score).toList();

        assertThat(capped).allSatisfy(score -> {
            assertThat(score.getThresholdSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_PARTNER_QPS_CAP);
            assertThat(score.getThreshold()).isGreaterThan(modelDefault);
            assertThat(score.getUncappedThreshold()).isEqualTo(modelDefault);
            assertThat(score.getDecision()).isEqualTo(score.getExploration()
                    || score.getLikelihood() >= score.getThreshold() ? Decision.DECISION_SEND : Decision.DECISION_SKIP);
        });
        // Exploration counts within the cap: a hundredth of the traffic is sent whatever its score.
        assertThat(capped.stream().filter(PartnerScore::getExploration).count()).isBetween(150L, 250L);
        assertThat(capped).allSatisfy(score -> assertThat(score.getExplorationProbability()).isEqualTo(0.01));
    }

    @Test
    void metricsShowTheCapsThresholdAndTheRequestRateItSees() {
        double capThreshold = metrics.sum("sluice_partner_cap_threshold", "partner", PARTNER);

        assertThat(capThreshold).isGreaterThan(modelDefault)
                .isEqualTo(decided.get(decided.size() - 1).score().getThreshold());
        assertThat(metrics.sum("sluice_partner_cap_arrival_rate", "partner", PARTNER)).isCloseTo(PER_SECOND,
                within(1.0));
    }
}
