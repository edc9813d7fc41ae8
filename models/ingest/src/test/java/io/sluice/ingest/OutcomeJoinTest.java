package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.LabeledBidRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The join labels only what the logs agree on and counts every outcome it cannot use. */
class OutcomeJoinTest {

    private static final BidRequest REQUEST = BidRequest.newBuilder().setId("r1").build();
    private static final RequestRow SENT_TO_A_AND_B = RequestRow.sentTo(REQUEST, Timestamps.fromSeconds(100),
            Set.of("a", "b"), Map.of("b", 0.05));

    private static Outcome outcome(String partner, boolean bid) {
        return new Outcome("r1", partner, bid, bid ? 1_000_000 : 0, 20);
    }

    @Test
    void sentPartnersAreLabelledAndExplorationProbabilityIsKept() {
        JoinResult joined = OutcomeJoin.join(SENT_TO_A_AND_B, List.of(outcome("a", true), outcome("b", false)),
                AbsentOutcome.UNLABELLED);

        assertThat(joined.rejections()).isEmpty();
        assertThat(joined.row()).isEqualTo(LabeledBidRequest.newBuilder().setRequest(REQUEST)
                .setArrivalTime(Timestamps.fromSeconds(100)).putBids("a", true).putBids("b", false)
                .putExplorationProbability("b", 0.05).build());
    }

    @Test
    void labelsAreTheJoinedRowWithoutItsRequest() {
        List<Outcome> outcomes = List.of(outcome("a", true), outcome("b", false), outcome("c", true));

        JoinResult labels = OutcomeJoin.labels(SENT_TO_A_AND_B, outcomes, AbsentOutcome.UNLABELLED);
        JoinResult joined = OutcomeJoin.join(SENT_TO_A_AND_B, outcomes, AbsentOutcome.UNLABELLED);

        assertThat(labels.row().hasRequest()).isFalse();
        assertThat(labels.row()).isEqualTo(joined.row().toBuilder().clearRequest().build());
        assertThat(labels.rejections()).isEqualTo(joined.rejections());
    }

    @Test
    void outcomeOfAPartnerNotSentToIsRejected() {
        JoinResult joined = OutcomeJoin.join(SENT_TO_A_AND_B, List.of(outcome("a", true), outcome("c", true)),
                AbsentOutcome.UNLABELLED);

        assertThat(joined.row().getBidsMap()).isEqualTo(Map.of("a", true));
        assertThat(joined.rejections()).containsExactly("request 'r1': outcome for partner 'c', to which it was not sent");
    }

    @Test
    void duplicateLabelsOnceAndConflictLabelsNothing() {
        JoinResult joined = OutcomeJoin.join(SENT_TO_A_AND_B,
                List.of(outcome("a", true), outcome("a", true), outcome("b", true), outcome("b", false)),
                AbsentOutcome.UNLABELLED);

        assertThat(joined.row().getBidsMap()).isEqualTo(Map.of("a", true));
        assertThat(joined.rejections()).containsExactly(
                "request 'r1': duplicate outcome for partner 'a'",
                "request 'r1': conflicting outcomes (bid and no bid) for partner 'b'",
                "request 'r1': conflicting outcomes (bid and no bid) for partner 'b'");
    }

    @Test
    void requestWithoutOutcomesGivesNoRowUnlessAbsenceMeansNoBid() {
        assertThat(OutcomeJoin.join(SENT_TO_A_AND_B, List.of(), AbsentOutcome.UNLABELLED).labelled()).isFalse();

        JoinResult ipinyou = OutcomeJoin.join(SENT_TO_A_AND_B, List.of(outcome("a", true)), AbsentOutcome.NO_BID);
        assertThat(ipinyou.row().getBidsMap()).isEqualTo(Map.of("a", true, "b", false));
    }

    @Test
    void requestOfAnUnknownRecipientListTakesAnyPartner() {
        RequestRow anyPartner = RequestRow.sentToEveryPartner(REQUEST, Timestamps.fromSeconds(100));

        JoinResult joined = OutcomeJoin.join(anyPartner, List.of(outcome("z", false)), AbsentOutcome.UNLABELLED);

        assertThat(joined.row().getBidsMap()).isEqualTo(Map.of("z", false));
    }
}
