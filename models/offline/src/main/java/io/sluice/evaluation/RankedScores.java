package io.sluice.evaluation;

import io.sluice.training.ScoreSummary;
import java.util.Arrays;

/**
 * A {@link ScoreSummary}'s non-empty score bins, highest first, with the (weighted) rows and bids in each: the
 * common input of threshold curves, whose thresholds are then bin edges (about 0.001 apart in logit) and where rows
 * in the same bin always fall on the same side of a threshold, as tied scores do.
 */
final class RankedScores {

    /** Rows per non-empty bin, highest scores first. */
    final double[] counts;
    /** Bids per non-empty bin. */
    final double[] positives;
    final double totalRows;
    final double totalPositives;

    private RankedScores(double[] counts, double[] positives, double totalRows, double totalPositives) {
        this.counts = counts;
        this.positives = positives;
        this.totalRows = totalRows;
        this.totalPositives = totalPositives;
    }

    /** @throws IllegalArgumentException if the summary is empty or a class is absent */
    static RankedScores of(ScoreSummary scores) {
        double positivesTotal = scores.positiveWeight();
        if (positivesTotal <= 0 || positivesTotal >= scores.weight()) {
            throw new IllegalArgumentException("curves need both classes, got " + scores.bids() + " positive of "
                    + scores.rows() + " labels");
        }
        double[] counts = new double[ScoreSummary.BINS];
        double[] positives = new double[ScoreSummary.BINS];
        int groups = 0;
        for (int b = ScoreSummary.BINS - 1; b >= 0; b--) {
            double rows = scores.positive(b) + scores.negative(b);
            if (rows > 0) {
                counts[groups] = rows;
                positives[groups++] = scores.positive(b);
            }
        }
        return new RankedScores(Arrays.copyOf(counts, groups), Arrays.copyOf(positives, groups), scores.weight(),
                positivesTotal);
    }

    int groups() {
        return counts.length;
    }
}
