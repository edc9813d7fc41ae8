package io.sluice.simulation;

import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ServingThreshold;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What shaping did to one round of traffic, counted against the ground truth: every (request, partner) pair, the
 * pairs skipped, and the partners' true bids, sent or skipped. A true bid is the generator's drawn outcome, known
 * here for every pair whether or not the request was sent, which no production log can know.
 */
final class ShapingTally {

    private final Map<String, Double> promisedRecall = new HashMap<>();
    private final Map<String, long[]> trueBidsByPartner = new HashMap<>();
    private long pairs;
    private long skipped;
    private long labelled;
    private long trueBids;
    private long trueBidsSkipped;

    /**
     * A tally for a model served with {@code thresholds} (one per partner of {@code partners}): each partner's
     * expected recall is what its recall target promised.
     */
    ShapingTally(List<String> partners, List<ServingThreshold> thresholds) {
        for (int i = 0; i < partners.size(); i++) {
            ServingThreshold threshold = thresholds.get(i);
            promisedRecall.put(partners.get(i), threshold.hasExpectedRecall() ? threshold.getExpectedRecall() : 1.0);
        }
    }

    /** Counts one decision for one partner, whose true outcome was {@code bid}. */
    void count(PartnerScore score, boolean bid) {
        boolean skip = score.getDecision() != Decision.DECISION_SEND;
        pairs++;
        skipped += skip ? 1 : 0;
        if (bid) {
            trueBids++;
            trueBidsSkipped += skip ? 1 : 0;
            trueBidsByPartner.computeIfAbsent(score.getPartnerId(), partner -> new long[1])[0]++;
        }
    }

    /** Counts the labels one request came back with from the import. */
    void countLabelled(int partners) {
        labelled += partners;
    }

    /** Share of (request, partner) pairs the import labelled: the ones sent. */
    double labelledShare() {
        return share(labelled, pairs);
    }

    /** Share of (request, partner) pairs not sent: the requests shaping saved partners from receiving. */
    double requestsSaved() {
        return share(skipped, pairs);
    }

    /** Share of the true bids whose request was not sent to the partner: the bids shaping cost. */
    double bidsLost() {
        return share(trueBidsSkipped, trueBids);
    }

    /**
     * Share of the true bids the serving thresholds were expected to lose: each partner's 1 - expected recall (from
     * the model's validation threshold table at the threshold its recall target picked), weighted by its true bids.
     */
    double bidsLostPromised() {
        double lost = 0;
        for (Map.Entry<String, long[]> partner : trueBidsByPartner.entrySet()) {
            lost += partner.getValue()[0] * (1 - promisedRecall.getOrDefault(partner.getKey(), 1.0));
        }
        return trueBids == 0 ? 0 : lost / trueBids;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
