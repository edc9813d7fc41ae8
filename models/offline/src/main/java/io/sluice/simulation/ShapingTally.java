package io.sluice.simulation;

import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ServingThreshold;
import io.sluice.api.v1.ThresholdSource;
import io.sluice.shaping.ShapingSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What shaping did to one round of traffic, counted against the ground truth: every (request, partner) pair, the
 * pairs skipped, and the partners' true bids, sent or skipped. A true bid is the generator's drawn outcome, known
 * here for every pair whether or not the request was sent, which no production log can know.
 */
final class ShapingTally {

    /** Per partner: the share of its bids the policy expects to lose, and that share's standard error. */
    private final Map<String, Double> promisedLoss = new HashMap<>();
    private final Map<String, Double> promisedLossError = new HashMap<>();
    /** Per partner: its true bids, and those skipped. */
    private final Map<String, long[]> trueBidsByPartner = new HashMap<>();
    private long pairs;
    private long skipped;
    private long labelled;
    private long trueBids;
    private long trueBidsSkipped;

    /**
     * A tally for a model served with {@code thresholds} (one per partner of {@code partners}) under {@code shaping}:
     * each partner is expected to lose the bids below its threshold (1 - {@link #promisedRecall}, give or take the
     * table's standard error, NaN when the model's table has none) except the share that exploration sends anyway.
     */
    ShapingTally(List<String> partners, List<ServingThreshold> thresholds, ShapingSettings shaping) {
        for (int i = 0; i < partners.size(); i++) {
            ServingThreshold threshold = thresholds.get(i);
            double explored = shaping.explorationRate(partners.get(i));
            double recall = promisedRecall(threshold);
            promisedLoss.put(partners.get(i), (1 - recall) * (1 - explored));
            promisedLossError.put(partners.get(i), threshold.hasExpectedRecallStandardError()
                    ? threshold.getExpectedRecallStandardError() * (1 - explored) : Double.NaN);
        }
    }

    /**
     * The share of its bids a threshold promises to keep: its recall target when it was picked for one, else its
     * table's recall, 1 without a table. Not the recall of the table point a target picked: that point is the
     * largest threshold whose held-out recall still reaches the target, so it sits just below the bid whose weight
     * would take the recall under it, and under shaping that bid is often an explored one weighing 1/p, so the
     * point keeps up to that weight more than the target (95.6-95.9% for 95% in sluice simulate at 1% exploration).
     * Over draws of the held-out rows the threshold keeps about the target, not the point's recall.
     */
    static double promisedRecall(ServingThreshold threshold) {
        if (threshold.getSource() == ThresholdSource.THRESHOLD_SOURCE_TARGET_RECALL) {
            return threshold.getTargetRecall();
        }
        return threshold.hasExpectedRecall() ? threshold.getExpectedRecall() : 1.0;
    }

    /** Counts one decision for one partner, whose true outcome was {@code bid}. */
    void count(PartnerScore score, boolean bid) {
        boolean skip = score.getDecision() != Decision.DECISION_SEND;
        pairs++;
        skipped += skip ? 1 : 0;
        if (bid) {
            trueBids++;
            trueBidsSkipped += skip ? 1 : 0;
            long[] partnerBids = trueBidsByPartner.computeIfAbsent(score.getPartnerId(), partner -> new long[2]);
            partnerBids[0]++;
            partnerBids[1] += skip ? 1 : 0;
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
     * Share of the true bids the policy was expected to lose: each partner's 1 - {@link #promisedRecall} times 1 -
     * its exploration rate (an explored request is sent whatever its score), weighted by its true bids.
     */
    double bidsLostPromised() {
        double lost = 0;
        for (Map.Entry<String, long[]> partner : trueBidsByPartner.entrySet()) {
            lost += partner.getValue()[0] * promisedLoss.getOrDefault(partner.getKey(), 0.0);
        }
        return trueBids == 0 ? 0 : lost / trueBids;
    }

    /**
     * The standard error of {@link #bidsLostPromised}: each partner's validation estimate is a sample (of its bids,
     * explored ones counting by their weight), so the promise is only known to within this, partners taken as
     * independent. NaN when a partner with bids was served from a table without standard errors.
     */
    double bidsLostPromisedStandardError() {
        double variance = 0;
        for (Map.Entry<String, long[]> partner : trueBidsByPartner.entrySet()) {
            double share = (double) partner.getValue()[0] / trueBids;
            double error = promisedLossError.getOrDefault(partner.getKey(), Double.NaN);
            variance += share * share * error * error;
        }
        return Math.sqrt(variance);
    }

    /**
     * The binomial standard error of {@link #bidsLost}: this round's bids are a sample of the traffic, so even a
     * promise known exactly would be missed by about this much.
     */
    double bidsLostStandardError() {
        double variance = 0;
        for (long[] partner : trueBidsByPartner.values()) {
            double lost = (double) partner[1] / partner[0];
            variance += partner[0] * lost * (1 - lost);
        }
        return trueBids == 0 ? 0 : Math.sqrt(variance) / trueBids;
    }

    /** Bids lost against bids promised, with their standard errors. */
    BidLoss bidLoss() {
        return new BidLoss(bidsLost(), bidsLostStandardError(), bidsLostPromised(), bidsLostPromisedStandardError());
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
