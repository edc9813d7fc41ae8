package io.sluice.ingest;

import io.sluice.api.v1.Decision;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.PartnerScore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns one record of Sluice's decision log into a request row. Only the partners it was SENT to can be labelled:
 * a skipped partner never saw the request, so its outcome is unknown, not a no-bid. An exploration send (explored,
 * and below the threshold applied, so sent only because it was explored) keeps the probability with which it was
 * explored, for the trainer's weighting; a request drawn for exploration that its likelihood sent anyway is an
 * ordinary send, since it would have been sent with probability 1.
 */
public final class DecisionRows {

    private DecisionRows() {
    }

    /** The request row of {@code record}, or why it cannot be one. */
    public static ParseResult<RequestRow> toRequestRow(DecisionRecord record) {
        if (record.getBidRequest().getId().isEmpty()) {
            return ParseResult.rejected("bid_request.id: required");
        }
        if (!record.hasArrivalTime()) {
            return ParseResult.rejected("arrival_time: required");
        }
        Set<String> sent = new HashSet<>();
        Map<String, Double> explored = new HashMap<>();
        for (PartnerScore score : record.getScoresList()) {
            if (score.getDecision() != Decision.DECISION_SEND) {
                continue;
            }
            if (!sent.add(score.getPartnerId())) {
                return ParseResult.rejected("scores: partner " + OutcomeValues.quoted(score.getPartnerId())
                        + " is scored twice");
            }
            // Explored but above its threshold: the model sent it anyway (probability 1), so it is no exploration send.
            if (score.getExploration() && score.getLikelihood() < score.getThreshold()) {
                double p = score.getExplorationProbability();
                if (!(p > 0 && p <= 1)) {
                    return ParseResult.rejected("scores: partner " + OutcomeValues.quoted(score.getPartnerId())
                            + " was explored with probability " + p + ", outside (0, 1]");
                }
                explored.put(score.getPartnerId(), p);
            }
        }
        return ParseResult.of(RequestRow.sentTo(record.getBidRequest(), record.getArrivalTime(), sent, explored));
    }
}
