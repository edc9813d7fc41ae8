package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import io.grpc.StatusRuntimeException;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.compat.thrift.PolicyAnsweredFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;

/** The Prometheus scrape endpoint on the admin port, read after real gRPC and Thrift traffic. */
class PrometheusMetricsTest {

    @Test
    void scrapeAfterTrafficCountsCallsByProtocolMethodAndStatusAndDecisionsByPartner() throws Exception {
        PrometheusScrape scrape;
        List<ScoreResponse> answered = new ArrayList<>();
        try (RunningServer running = RunningServer.inProcess(Map.of())) {
            ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(running.channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                answered.add(scorer.score(Requests.scoreRequest("g" + i, "3358", "1458")));
            }
            assertThatThrownBy(() -> scorer.score(Requests.scoreRequest("bad", "9999")))
                    .isInstanceOf(StatusRuntimeException.class);
            assertThatThrownBy(() -> scorer.score(Requests.scoreRequest("stale", "3358").toBuilder()
                    .setBidRequest(Requests.bidRequest("stale").toBuilder().setTmax(50)).build()))
                    .isInstanceOf(StatusRuntimeException.class);
            scorer.scoreBatch(ScoreBatchRequest.newBuilder().addAllRequests(Arrays.asList(
                    Requests.scoreRequest("b1", "3358"), Requests.scoreRequest("b2", "3358"),
                    Requests.scoreRequest("b3", "3358"), Requests.scoreRequest("b4", "3358"),
                    Requests.scoreRequest("b5", "9999"))).build());
            try (TSocket socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000)) {
                socket.open();
                BidRequestFilter.Client legacy = new BidRequestFilter.Client(new TBinaryProtocol(socket));
                legacy.filter(LegacyThriftTest.legacyTuesday14h("3358"));
                legacy.filter(LegacyThriftTest.legacyTuesday14h("3358"));
                BidRequest badHour = LegacyThriftTest.legacyTuesday14h("3358");
                badHour.setHour("25");
                assertThatThrownBy(() -> legacy.filter(badHour)).isInstanceOf(TApplicationException.class);
            }
            scrape = PrometheusScrape.of(running.server.adminPort());
        }

        assertThat(scrape.contentType()).startsWith("text/plain");
        String calls = "sluice_request_duration_seconds_count";
        assertThat(scrape.sum(calls, "protocol", "grpc", "method", "sluice.v1.Scorer/Score", "status", "OK"))
                .isEqualTo(3);
        assertThat(scrape.sum(calls, "protocol", "grpc", "method", "sluice.v1.Scorer/Score",
                "status", "INVALID_ARGUMENT")).isEqualTo(1);
        assertThat(scrape.sum(calls, "protocol", "grpc", "method", "sluice.v1.Scorer/Score",
                "status", "DEADLINE_EXCEEDED")).isEqualTo(1);
        assertThat(scrape.sum("sluice_requests_expired_total")).isEqualTo(1);
        assertThat(scrape.sum(calls, "protocol", "grpc", "method", "sluice.v1.Scorer/ScoreBatch", "status", "OK"))
                .isEqualTo(1);
        assertThat(scrape.sum(calls, "protocol", "thrift", "method", "BidRequestFilter/filter", "status", "OK"))
                .isEqualTo(2);
        assertThat(scrape.sum(calls, "protocol", "thrift", "status", "INVALID_ARGUMENT")).isEqualTo(1);

        // 3358: three Score calls, four batch items, two legacy calls; 1458: three Score calls.
        assertThat(scrape.sum("sluice_partner_decisions_total", "partner", "3358")).isEqualTo(9);
        assertThat(scrape.sum("sluice_partner_decisions_total", "partner", "1458")).isEqualTo(3);
        assertThat(scrape.sum("sluice_partner_decisions_total", "partner", "1458", "decision", "skip"))
                .isEqualTo(answered.stream().filter(r -> r.getScores(1).getDecision() == Decision.DECISION_SKIP)
                        .count());
        assertThat(scrape.sum("sluice_partner_likelihood_count", "partner", "3358")).isEqualTo(9);
        assertThat(scrape.sum("sluice_batch_size_count")).isEqualTo(1);
        assertThat(scrape.sum("sluice_batch_size_sum")).isEqualTo(5);
        // The batch call is OK; its items are counted by their own outcome.
        String batch = "sluice.v1.Scorer/ScoreBatch";
        assertThat(scrape.sum("sluice_outcomes_total", "method", batch, "status", "OK")).isEqualTo(4);
        assertThat(scrape.sum("sluice_outcomes_total", "method", batch, "status", "INVALID_ARGUMENT")).isEqualTo(1);
        assertThat(scrape.sum("sluice_model_serving", "model_version", answered.get(0).getModelVersion()))
                .isEqualTo(1);
        assertThat(scrape.has("sluice_executor_queue_depth", "executor", "grpc")).isTrue();
        assertThat(scrape.has("sluice_executor_queue_depth", "executor", "scoring")).isTrue();
        assertThat(scrape.sum("sluice_grpc_in_flight_bound"))
                .isEqualTo(RunningServer.config(Map.of()).grpc().maxInFlightCalls());
    }

    @Test
    void policyAnswersAreCountedByStatusWhileTheCallKeepsItsRealStatus() throws Exception {
        PrometheusScrape scrape;
        try (RunningServer running = RunningServer.inProcess(Map.of("thrift.on-error", "likelihood:1.0"));
             CapturedLog log = CapturedLog.of(PolicyAnsweredFilter.class);
             TSocket socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000)) {
            socket.open();
            BidRequestFilter.Client legacy = new BidRequestFilter.Client(new TBinaryProtocol(socket));
            for (int i = 0; i < 3; i++) {
                // What the legacy client sends when its log has no advertiser.
                assertThat(legacy.filter(LegacyThriftTest.legacyClientShape("", 6)).getLikelihoodToBid())
                        .isEqualTo(1.0);
            }
            assertThat(legacy.filter(LegacyThriftTest.legacyClientShape("3358", 6)).getLikelihoodToBid())
                    .isLessThan(1.0);
            scrape = PrometheusScrape.of(running.server.adminPort());
            assertThat(log.lines()).singleElement().asString().startsWith("WARN answered 1 failed legacy call(s)");
        }

        assertThat(scrape.sum("sluice_thrift_policy_answers_total", "status", "INVALID_ARGUMENT")).isEqualTo(3);
        assertThat(scrape.sum("sluice_thrift_policy_answers_total")).isEqualTo(3);
        String calls = "sluice_request_duration_seconds_count";
        assertThat(scrape.sum(calls, "protocol", "thrift", "status", "INVALID_ARGUMENT")).isEqualTo(3);
        assertThat(scrape.sum(calls, "protocol", "thrift", "status", "OK")).isEqualTo(1);
        assertThat(scrape.sum("sluice_partner_decisions_total")).isEqualTo(1);
    }
}
