package io.sluice.evaluation;

import java.util.Arrays;

/**
 * Scores grouped by distinct value, highest first, with how many rows and positive labels share each value:
 * the common input of threshold curves, where tied rows always fall on the same side of a threshold.
 */
final class RankedScores {

    /** Distinct score values, descending. */
    final double[] values;
    /** Rows per distinct value. */
    final long[] counts;
    /** Positive labels per distinct value. */
    final long[] positives;
    final long totalRows;
    final long totalPositives;

    private RankedScores(double[] values, long[] counts, long[] positives, long totalRows, long totalPositives) {
        this.values = values;
        this.counts = counts;
        this.positives = positives;
        this.totalRows = totalRows;
        this.totalPositives = totalPositives;
    }

    /**
     * @throws IllegalArgumentException if lengths differ, the input is empty, a score is NaN, or a class is absent
     */
    static RankedScores of(double[] scores, boolean[] labels) {
        if (scores.length != labels.length || scores.length == 0) {
            throw new IllegalArgumentException("need as many labels as scores, and at least one, got "
                    + scores.length + " scores and " + labels.length + " labels");
        }
        int positivesTotal = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            positivesTotal += labels[i] ? 1 : 0;
        }
        if (positivesTotal == 0 || positivesTotal == scores.length) {
            throw new IllegalArgumentException("curves need both classes, got " + positivesTotal + " positive of "
                    + scores.length + " labels");
        }
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double[] values = new double[scores.length];
        long[] counts = new long[scores.length];
        long[] positives = new long[scores.length];
        int groups = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (groups == 0 || scores[i] != values[groups - 1]) {
                values[groups++] = scores[i];
            }
            counts[groups - 1]++;
            positives[groups - 1] += labels[i] ? 1 : 0;
        }
        return new RankedScores(Arrays.copyOf(values, groups), Arrays.copyOf(counts, groups),
                Arrays.copyOf(positives, groups), scores.length, positivesTotal);
    }

    int groups() {
        return values.length;
    }
}
