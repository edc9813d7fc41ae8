package io.sluice.training;

import io.sluice.api.v1.ThresholdPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * One partner's trade-off on a labelled split between the bids a threshold keeps and the requests it filters: the
 * table a server picks a threshold from to meet a recall target, and the rule behind the default threshold. Built
 * from a {@link ScoreSummary}, so thresholds are its bin edges (0.001 apart in logit) and shares are weighted.
 *
 * <p>A threshold for a recall target is where the weighted bids below it pass the share the target may lose, and a
 * weighted sum passes a level by a jump: on average by half the size-biased jump, sum w^2 / (2 sum w) over the bids
 * around it (renewal theory). Unit weights make that half a bid; an explored bid weighing 1/p = 100 among few
 * others makes it tens of bids, a threshold that loses that much more than the target on average. So the level is
 * lowered by that expected overshoot, and the threshold then loses the target on average.
 */
final class ThresholdTable {

    /** Points per table: one per 0.5% of recall, fine enough that usual targets (0.9, 0.95, 0.99) fall on one. */
    static final int RECALL_STEPS = 200;
    /** Share of the bids on either side of a target's level whose weights estimate the overshoot there. */
    static final double OVERSHOOT_WINDOW = 0.02;

    /** {@code bidsFrom[b]}: weighted bids in bins b and above. */
    private final double[] bidsFrom;
    /** {@code bidsSquaredFrom[b]}: squared weights of the bids in bins b and above. */
    private final double[] bidsSquaredFrom;
    /** {@code allBelow[b]}: weighted entries in bins below b. */
    private final double[] allBelow;

    private ThresholdTable(double[] bidsFrom, double[] bidsSquaredFrom, double[] allBelow) {
        this.bidsFrom = bidsFrom;
        this.bidsSquaredFrom = bidsSquaredFrom;
        this.allBelow = allBelow;
    }

    /** The table of one partner's scores on a split. */
    static ThresholdTable of(ScoreSummary scores) {
        int bins = ScoreSummary.BINS;
        double[] bidsFrom = new double[bins + 1];
        double[] bidsSquaredFrom = new double[bins + 1];
        double[] allBelow = new double[bins + 1];
        for (int b = bins - 1; b >= 0; b--) {
            bidsFrom[b] = bidsFrom[b + 1] + scores.positive(b);
            bidsSquaredFrom[b] = bidsSquaredFrom[b + 1] + scores.positiveSquared(b);
        }
        for (int b = 1; b <= bins; b++) {
            allBelow[b] = allBelow[b - 1] + scores.positive(b - 1) + scores.negative(b - 1);
        }
        return new ThresholdTable(bidsFrom, bidsSquaredFrom, allBelow);
    }

    /**
     * The threshold expected to keep {@code recall} of the bids (send when score >= threshold): the largest one
     * whose weighted bids below stay within the share the target may lose, less the expected overshoot; 0 when the
     * split holds no bid.
     */
    double thresholdKeeping(double recall) {
        return ScoreSummary.lowerEdgeScore(binKeeping(recall));
    }

    /**
     * For each step of {@link #RECALL_STEPS}, the threshold expected to keep that share of bids ({@link
     * #thresholdKeeping}) with that share as its recall and the share of requests it filters, by threshold
     * ascending, one point per distinct threshold (the highest step that picked it); empty without bids.
     */
    List<ThresholdPoint> points() {
        List<ThresholdPoint> points = new ArrayList<>();
        double bids = bidsFrom[0];
        if (bids <= 0) {
            return points;
        }
        int last = -1;
        for (int step = RECALL_STEPS; step >= 1; step--) {
            double recall = (double) step / RECALL_STEPS;
            // The overshoot estimate varies with the level, so a lower target could pick a lower bin: keep the
            // table ascending.
            int bin = Math.max(binKeeping(recall), last);
            if (bin == last) {
                continue;
            }
            last = bin;
            points.add(ThresholdPoint.newBuilder()
                    .setThreshold(ScoreSummary.lowerEdgeScore(bin))
                    .setRecall(recall)
                    .setFilteredShare(allBelow[bin] / allBelow[allBelow.length - 1])
                    .setRecallStandardError(recallStandardError(bin))
                    .build());
        }
        return points;
    }

    /**
     * The standard error of the recall at bin {@code bin}'s lower edge, a ratio of weighted sums of bids, by the
     * delta method: sqrt(sum over bids of w^2 (kept - recall)^2) / sum of w. With unit weights it is the binomial
     * sqrt(recall (1 - recall) / bids); an explored bid of weight 1/p adds (1/p)^2, so a recall resting on few
     * explored bids below the threshold shows a large error.
     */
    private double recallStandardError(int bin) {
        double bids = bidsFrom[0];
        double recall = bidsFrom[bin] / bids;
        double squaredKept = bidsSquaredFrom[bin];
        double squaredLost = bidsSquaredFrom[0] - squaredKept;
        double variance = ((1 - recall) * (1 - recall) * squaredKept + recall * recall * squaredLost) / (bids * bids);
        return Math.sqrt(Math.max(variance, 0));
    }

    /**
     * The highest bin whose lower edge loses at most the weighted bids {@code recall} allows less their expected
     * overshoot; 0 without bids.
     */
    private int binKeeping(double recall) {
        if (!(recall > 0 && recall <= 1)) {
            throw new IllegalArgumentException("recall must be in (0, 1], got " + recall);
        }
        double bids = bidsFrom[0];
        if (bids <= 0) {
            return 0;
        }
        double allowed = (1 - recall) * bids;
        double level = Math.max(allowed - expectedOvershoot(allowed, highestBinLosingAtMost(allowed)), 0);
        return highestBinLosingAtMost(level);
    }

    /**
     * Half the size-biased mean of the bins' bid weights, sum w^2 / (2 sum w), over bin {@code crossing} (the one
     * that takes the weight lost past {@code allowed}) and the bins whose weight below is within {@link
     * #OVERSHOOT_WINDOW} of the bids from {@code allowed}. A bin's bids count as one jump: thresholds are bin edges.
     */
    private double expectedOvershoot(double allowed, int crossing) {
        double bids = bidsFrom[0];
        double window = OVERSHOOT_WINDOW * bids;
        int from = crossing;
        while (from > 0 && bids - bidsFrom[from - 1] >= allowed - window) {
            from--;
        }
        int to = crossing;
        while (to < bidsFrom.length - 2 && bids - bidsFrom[to + 1] <= allowed + window) {
            to++;
        }
        double sum = 0;
        double squares = 0;
        for (int bin = from; bin <= to; bin++) {
            double jump = bidsFrom[bin] - bidsFrom[bin + 1];
            sum += jump;
            squares += jump * jump;
        }
        return sum > 0 ? squares / (2 * sum) : 0;
    }

    /** The highest bin whose lower edge has at most {@code lost} weighted bids below it. */
    private int highestBinLosingAtMost(double lost) {
        // A relative tolerance so that losing nothing (recall 1.0) is met despite rounding in the sums.
        double needed = (bidsFrom[0] - lost) * (1 - 1e-12);
        int bin = bidsFrom.length - 2;
        while (bin > 0 && bidsFrom[bin] < needed) {
            bin--;
        }
        return bin;
    }
}
