package io.sluice.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.ingest.AbsentOutcome;
import io.sluice.ingest.DecisionRows;
import io.sluice.ingest.JoinResult;
import io.sluice.ingest.Outcome;
import io.sluice.ingest.OutcomeJoin;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthOutcomesTest {

    private static final BidRequest REQUEST = BidRequest.newBuilder().setId("r1").build();

    /** Every partner bid in the ground truth, so a label on an unsent partner could only come from a leak. */
    private static final LabeledBidRequest TRUTH = LabeledBidRequest.newBuilder().setRequest(REQUEST)
            .putBids("sent", true).putBids("skipped", true).putBids("explored", false)
            .putTrueProbability("sent", 0.9).putTrueProbability("skipped", 0.9).putTrueProbability("explored", 0.1)
            .build();

    private static final DecisionRecord DECISION = DecisionRecord.newBuilder()
            .setBidRequest(REQUEST)
            .setArrivalTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_780_000_000L))
            .addScores(PartnerScore.newBuilder().setPartnerId("sent").setDecision(Decision.DECISION_SEND))
            .addScores(PartnerScore.newBuilder().setPartnerId("skipped").setDecision(Decision.DECISION_SKIP))
            .addScores(PartnerScore.newBuilder().setPartnerId("explored").setDecision(Decision.DECISION_SEND)
                    .setExploration(true).setExplorationProbability(0.05).setLikelihood(0.1).setThreshold(0.3))
            .build();

    @Test
    void onlyThePartnersSentAnswerWithTheirTrueOutcome() {
        List<Outcome> outcomes = GroundTruthOutcomes.of(DECISION, TRUTH);

        assertThat(outcomes).extracting(Outcome::partnerId).containsExactlyInAnyOrder("sent", "explored");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.bid()).isEqualTo(TRUTH.getBidsOrThrow(o.partnerId())));
    }

    @Test
    void theImportedRowNeverLabelsAPartnerTheRequestWasNotSentTo() {
        JoinResult joined = OutcomeJoin.join(DecisionRows.toRequestRow(DECISION).row(),
                GroundTruthOutcomes.of(DECISION, TRUTH), AbsentOutcome.UNLABELLED);

        assertThat(joined.rejections()).isEmpty();
        LabeledBidRequest row = joined.row();
        assertThat(row.getBidsMap()).containsOnlyKeys("sent", "explored").containsEntry("sent", true);
        assertThat(row.getTrueProbabilityMap()).isEmpty();
        assertThat(row.getExplorationProbabilityMap()).containsOnlyKeys("explored").containsEntry("explored", 0.05);
    }
}
