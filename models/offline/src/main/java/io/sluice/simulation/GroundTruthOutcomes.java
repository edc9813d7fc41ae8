package io.sluice.simulation;

import io.sluice.api.v1.Decision;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.ingest.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome log of a simulated auction: each partner a request was sent to answers with its outcome in the
 * generator's ground truth; a partner it was not sent to never saw it and says nothing.
 */
final class GroundTruthOutcomes {

    private GroundTruthOutcomes() {
    }

    /** What the partners {@code decision} sent the request to did, as drawn in {@code truth}. */
    static List<Outcome> of(DecisionRecord decision, LabeledBidRequest truth) {
        List<Outcome> outcomes = new ArrayList<>();
        String requestId = decision.getBidRequest().getId();
        for (PartnerScore score : decision.getScoresList()) {
            if (score.getDecision() == Decision.DECISION_SEND) {
                outcomes.add(new Outcome(requestId, score.getPartnerId(), truth.getBidsOrThrow(score.getPartnerId()),
                        Outcome.UNKNOWN, Outcome.UNKNOWN));
            }
        }
        return outcomes;
    }
}
