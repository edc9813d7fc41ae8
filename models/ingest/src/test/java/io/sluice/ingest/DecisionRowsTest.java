package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.PartnerScore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A decision record labels only the partners it was sent to, and keeps why an explored one was sent. */
class DecisionRowsTest {

    private static DecisionRecord.Builder record(PartnerScore... scores) {
        return DecisionRecord.newBuilder()
                .setBidRequest(BidRequest.newBuilder().setId("r1").addImp(Imp.newBuilder().setId("1")))
                .setArrivalTime(Timestamps.fromMillis(1_796_126_130_000L))
                .addAllScores(List.of(scores));
    }

    /** A partner's decision; an explored one was below its threshold unless the test says otherwise. */
    private static PartnerScore score(String partner, Decision decision, boolean explored, double probability) {
        return PartnerScore.newBuilder().setPartnerId(partner).setDecision(decision).setExploration(explored)
                .setExplorationProbability(probability).setLikelihood(0.1).setThreshold(0.3).build();
    }

    @Test
    void onlySentPartnersAreLabellableAndExplorationSendsKeepTheirProbability() {
        ParseResult<RequestRow> parsed = DecisionRows.toRequestRow(record(
                score("sent", Decision.DECISION_SEND, false, 0.05),
                score("explored", Decision.DECISION_SEND, true, 0.02),
                score("skipped", Decision.DECISION_SKIP, false, 0.05)).build());

        RequestRow row = parsed.row();
        assertThat(row.sentTo()).isEqualTo(Set.of("sent", "explored"));
        assertThat(row.wasSentTo("skipped")).isFalse();
        assertThat(row.explorationProbability()).isEqualTo(Map.of("explored", 0.02));
        assertThat(row.arrivalTime()).isEqualTo(Timestamps.fromMillis(1_796_126_130_000L));
    }

    @Test
    void aRequestExploredAboveItsThresholdIsAnOrdinarySend() {
        RequestRow row = DecisionRows.toRequestRow(record(
                score("explored anyway", Decision.DECISION_SEND, true, 0.02).toBuilder()
                        .setLikelihood(0.4).setThreshold(0.3).build(),
                score("explored", Decision.DECISION_SEND, true, 0.02).toBuilder()
                        .setLikelihood(0.2).setThreshold(0.3).build()).build()).row();

        assertThat(row.sentTo()).isEqualTo(Set.of("explored anyway", "explored"));
        assertThat(row.explorationProbability()).isEqualTo(Map.of("explored", 0.02));
    }

    @Test
    void explorationWithoutAProbabilityIsRejected() {
        assertThat(DecisionRows.toRequestRow(record(score("x", Decision.DECISION_SEND, true, 0)).build())
                .rejection()).isEqualTo("scores: partner 'x' was explored with probability 0.0, outside (0, 1]");
    }

    @Test
    void recordWithoutArrivalTimeIsRejected() {
        assertThat(DecisionRows.toRequestRow(record().clearArrivalTime().build()).rejection())
                .isEqualTo("arrival_time: required");
    }
}
