package io.sluice.training;

import io.sluice.api.v1.ThresholdPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One partner's trade-off on a labelled split between the bids a threshold keeps and the requests it filters: the
 * table a server picks a threshold from to meet a recall target, and the rule behind the default threshold.
 */
final class ThresholdTable {

    /** Points per table: one per 0.5% of recall, fine enough that usual targets (0.9, 0.95, 0.99) fall on one. */
    static final int RECALL_STEPS = 200;

    /** Every score of the split, ascending. */
    private final double[] scores;
    /** The scores of the rows with a bid, ascending. */
    private final double[] bidScores;

    private ThresholdTable(double[] scores, double[] bidScores) {
        this.scores = scores;
        this.bidScores = bidScores;
    }

    /** The table of one partner's {@code scores} and whether each row got a bid. */
    static ThresholdTable of(double[] scores, boolean[] bids) {
        if (scores.length != bids.length) {
            throw new IllegalArgumentException("need one label per score, got " + scores.length + " scores and "
                    + bids.length + " labels");
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double[] positives = new double[scores.length];
        int count = 0;
        for (int i = 0; i < scores.length; i++) {
            if (bids[i]) {
                positives[count++] = scores[i];
            }
        }
        double[] bidScores = Arrays.copyOf(positives, count);
        Arrays.sort(bidScores);
        return new ThresholdTable(sorted, bidScores);
    }

    /**
     * The largest threshold that keeps at least {@code recall} of the bids (send when score >= threshold); 0 when
     * the split holds no bid.
     */
    double thresholdKeeping(double recall) {
        if (!(recall > 0 && recall <= 1)) {
            throw new IllegalArgumentException("recall must be in (0, 1], got " + recall);
        }
        return bidScores.length == 0 ? 0.0 : bidScores[(int) Math.floor((1 - recall) * bidScores.length)];
    }

    /**
     * For each step of {@link #RECALL_STEPS}, the threshold keeping at least that share of bids with the shares it
     * actually keeps and filters, by threshold ascending, one point per distinct threshold; empty without bids.
     */
    List<ThresholdPoint> points() {
        List<ThresholdPoint> points = new ArrayList<>();
        if (bidScores.length == 0) {
            return points;
        }
        for (int step = RECALL_STEPS; step >= 1; step--) {
            double threshold = thresholdKeeping((double) step / RECALL_STEPS);
            if (!points.isEmpty() && points.get(points.size() - 1).getThreshold() == threshold) {
                continue;
            }
            points.add(ThresholdPoint.newBuilder()
                    .setThreshold(threshold)
                    .setRecall(1 - (double) countBelow(bidScores, threshold) / bidScores.length)
                    .setFilteredShare((double) countBelow(scores, threshold) / scores.length)
                    .build());
        }
        return points;
    }

    /** How many of the ascending {@code values} are below {@code threshold}. */
    private static int countBelow(double[] values, double threshold) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] < threshold) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
