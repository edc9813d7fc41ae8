package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.aik.filterapi.BidRequestFilter;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.api.v1.ThresholdSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exploration through the gRPC server: requests every threshold would filter, some of which are sent anyway and
 * marked so, the same on every replica, counted per partner, and never on the legacy Thrift path.
 */
class ExplorationTest {

    private static final Map<String, String> FLEET = Map.of(
            "shaping.exploration-rate", "0.2",
            "shaping.exploration-rate.3358", "0",
            "shaping.exploration-rate.2259", "1",
            "shaping.exploration-salt", "test-fleet");
    private static final int REQUESTS = 2000;

    private static RunningServer running;
    private static RunningServer replica;
    /** Requests whose thresholds (1.0) filter everything but exploration. */
    private static List<ScoreRequest> requests;
    private static List<ScoreResponse> answered;
    private static PrometheusScrape metrics;

    @BeforeAll
    static void scoreAStreamThatTheThresholdsFilterEntirely() throws Exception {
        running = RunningServer.inProcess(FLEET);
        replica = RunningServer.inProcess(FLEET);
        requests = GeneratedTraffic.requests(5, REQUESTS, "auction-", "1458", "3358").stream()
                .map(r -> r.toBuilder().putThresholds("1458", 1.0).putThresholds("3358", 1.0).build()).toList();
        answered = scoreInBatches(running, requests);
        try (TSocket socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000)) {
            socket.open();
            BidRequestFilter.Client legacy = new BidRequestFilter.Client(new TBinaryProtocol(socket));
            for (int i = 0; i < 5; i++) {
                legacy.filter(LegacyThriftTest.legacyTuesday14h("2259"));
            }
        }
        metrics = PrometheusScrape.of(running.server.adminPort());
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
        replica.close();
    }

    private static List<ScoreResponse> scoreInBatches(RunningServer server, List<ScoreRequest> stream) {
        ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(server.channel);
        List<ScoreResponse> responses = new ArrayList<>();
        for (int from = 0; from < stream.size(); from += 1000) {
            List<ScoreRequest> batch = stream.subList(from, Math.min(from + 1000, stream.size()));
            for (ScoreOutcome outcome : scorer.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .scoreBatch(ScoreBatchRequest.newBuilder().addAllRequests(batch).build()).getOutcomesList()) {
                assertThat(outcome.hasResponse()).as(outcome.toString()).isTrue();
                responses.add(outcome.getResponse());
            }
        }
        return responses;
    }

    private static PartnerScore scoreOf(ScoreResponse response, String partner) {
        return response.getScoresList().stream().filter(s -> s.getPartnerId().equals(partner)).findFirst()
                .orElseThrow();
    }

    private static List<Boolean> explorationOf(List<ScoreResponse> responses, String partner) {
        return responses.stream().map(r -> scoreOf(r, partner).getExploration()).toList();
    }

    @Test
    void exploredRequestsAreSentWhateverTheirScoreAndCarryTheirProbability() {
        List<PartnerScore> scores = answered.stream().map(r -> scoreOf(r, "1458")).toList();

        assertThat(scores).allSatisfy(score -> {
            assertThat(score.getDecision()).isEqualTo(score.getExploration() ? Decision.DECISION_SEND
                    : Decision.DECISION_SKIP);
            assertThat(score.getExplorationProbability()).isEqualTo(0.2);
            assertThat(score.getThreshold()).isEqualTo(1.0);
            assertThat(score.getThresholdSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_REQUEST);
        });
        // 400 expected; the standard deviation is about 18.
        assertThat(scores.stream().filter(PartnerScore::getExploration).count()).isBetween(340L, 460L);
        assertThat(scores).anySatisfy(score -> {
            assertThat(score.getExploration()).isTrue();
            assertThat(score.getLikelihood()).isLessThan(score.getThreshold());
        });
    }

    @Test
    void aPartnersOwnRateOfZeroExploresNothing() {
        assertThat(answered).map(r -> scoreOf(r, "3358")).allSatisfy(score -> {
            assertThat(score.getExploration()).isFalse();
            assertThat(score.getExplorationProbability()).isZero();
            assertThat(score.getDecision()).isEqualTo(Decision.DECISION_SKIP);
        });
    }

    @Test
    void aRetriedRequestAndAnotherReplicaDecideAlike() {
        List<ScoreRequest> retried = requests.subList(0, 300);

        assertThat(explorationOf(scoreInBatches(running, retried), "1458"))
                .isEqualTo(explorationOf(answered.subList(0, 300), "1458"));
        assertThat(explorationOf(scoreInBatches(replica, retried), "1458"))
                .isEqualTo(explorationOf(answered.subList(0, 300), "1458"));
    }

    @Test
    void explorationSendsAreCountedPerPartnerAndNeverOnTheLegacyPath() {
        long explored = answered.stream().filter(r -> scoreOf(r, "1458").getExploration()).count();

        assertThat(metrics.sum("sluice_partner_explorations_total", "partner", "1458")).isEqualTo(explored);
        assertThat(metrics.sum("sluice_partner_decisions_total", "partner", "1458", "decision", "send"))
                .isEqualTo(explored);
        // 2259 explores every gRPC request; the five legacy calls for it are not explored.
        assertThat(metrics.sum("sluice_partner_explorations_total", "partner", "2259")).isZero();
        assertThat(metrics.sum("sluice_partner_decisions_total", "partner", "2259")).isEqualTo(5);
    }
}
