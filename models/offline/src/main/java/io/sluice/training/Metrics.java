package io.sluice.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Evaluation metrics for binary probability scores: AUC, log loss, calibration, and the Bayes log loss. */
public final class Metrics {

    /** Probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} so a confident miss costs ~34.5, not infinity. */
    public static final double LOG_LOSS_EPSILON = 1e-15;

    private Metrics() {
    }

    /**
     * One equal-width score bin of a reliability diagram.
     *
     * @param lower          inclusive lower edge
     * @param upper          upper edge (exclusive, except that the last bin includes 1.0)
     * @param count          rows whose score fell in the bin
     * @param meanPredicted  mean score in the bin, NaN when empty
     * @param observedRate   share of positive labels in the bin, NaN when empty
     */
    public record ReliabilityBin(double lower, double upper, long count, double meanPredicted,
                                 double observedRate) {
    }

    /**
     * Area under the ROC curve: the probability that a random positive outscores a random negative, ties
     * counting one half (the Mann-Whitney U statistic with average ranks). O(n log n).
     *
     * @throws IllegalArgumentException if lengths differ, the input is empty, a score is NaN, or a class is absent
     */
    public static double auc(double[] scores, boolean[] labels) {
        checkShape(scores, labels);
        int positives = 0;
        for (boolean label : labels) {
            positives += label ? 1 : 0;
        }
        int negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs both classes, got " + positives + " positive and "
                    + negatives + " negative labels");
        }
        double[] pos = new double[positives];
        double[] neg = new double[negatives];
        int p = 0;
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            if (labels[i]) {
                pos[p++] = scores[i];
            } else {
                neg[n++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        // Walk each group of equal positive scores: it beats the negatives below it and ties those equal to it.
        double wins = 0;
        int below = 0;
        for (int i = 0; i < positives; ) {
            double value = pos[i];
            int groupEnd = i;
            while (groupEnd < positives && pos[groupEnd] == value) {
                groupEnd++;
            }
            while (below < negatives && neg[below] < value) {
                below++;
            }
            int equalEnd = below;
            while (equalEnd < negatives && neg[equalEnd] == value) {
                equalEnd++;
            }
            wins += (groupEnd - i) * (below + 0.5 * (equalEnd - below));
            i = groupEnd;
        }
        return wins / ((double) positives * negatives);
    }

    /**
     * Mean binary cross-entropy in nats, with scores clipped to {@code [1e-15, 1 - 1e-15]}.
     *
     * @throws IllegalArgumentException if lengths differ, the input is empty, or a score is outside [0, 1]
     */
    public static double logLoss(double[] scores, boolean[] labels) {
        checkShape(scores, labels);
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double q = Math.min(Math.max(probability(scores, i), LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
            sum -= labels[i] ? Math.log(q) : Math.log1p(-q);
        }
        return sum / scores.length;
    }

    /**
     * Expected calibration error: over {@code bins} equal-width bins of [0, 1], the count-weighted mean of
     * |mean score - positive rate|.
     *
     * @throws IllegalArgumentException on bad shapes, scores outside [0, 1], or {@code bins < 1}
     */
    public static double expectedCalibrationError(double[] scores, boolean[] labels, int bins) {
        Bins binned = Bins.of(scores, labels, bins);
        double weighted = 0;
        for (int b = 0; b < bins; b++) {
            if (binned.counts[b] > 0) {
                weighted += Math.abs(binned.scoreSums[b] - binned.positives[b]);
            }
        }
        // sum_b (n_b / n) * |sum_b(score) / n_b - pos_b / n_b| simplifies to sum_b |sum_b(score) - pos_b| / n.
        return weighted / scores.length;
    }

    /**
     * The reliability diagram behind {@link #expectedCalibrationError}: every one of the {@code bins} equal-width
     * bins of [0, 1] in order, empty ones included (with NaN means).
     */
    public static List<ReliabilityBin> reliabilityTable(double[] scores, boolean[] labels, int bins) {
        Bins binned = Bins.of(scores, labels, bins);
        long[] counts = binned.counts;
        double[] scoreSums = binned.scoreSums;
        long[] positives = binned.positives;
        List<ReliabilityBin> table = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            double meanPredicted = counts[b] == 0 ? Double.NaN : scoreSums[b] / counts[b];
            double observed = counts[b] == 0 ? Double.NaN : (double) positives[b] / counts[b];
            table.add(new ReliabilityBin((double) b / bins, (double) (b + 1) / bins, counts[b], meanPredicted,
                    observed));
        }
        return List.copyOf(table);
    }

    /**
     * Mean binary entropy {@code -p ln p - (1 - p) ln(1 - p)} in nats: the log loss of the true probabilities
     * themselves, i.e. the Bayes-optimal log loss when labels are drawn from them.
     *
     * @throws IllegalArgumentException if the input is empty or a probability is outside [0, 1]
     */
    public static double meanBinaryEntropy(double[] trueProbabilities) {
        if (trueProbabilities == null || trueProbabilities.length == 0) {
            throw new IllegalArgumentException("trueProbabilities must not be empty");
        }
        double sum = 0;
        for (int i = 0; i < trueProbabilities.length; i++) {
            double p = probability(trueProbabilities, i);
            // 0 ln 0 is 0 in the limit; guard it so certain outcomes contribute nothing instead of NaN.
            if (p > 0) {
                sum -= p * Math.log(p);
            }
            if (p < 1) {
                sum -= (1 - p) * Math.log1p(-p);
            }
        }
        return sum / trueProbabilities.length;
    }

    /** Rows, score sum and positives in each of {@code bins} equal-width bins of [0, 1]. */
    private record Bins(long[] counts, double[] scoreSums, long[] positives) {

        static Bins of(double[] scores, boolean[] labels, int bins) {
            checkShape(scores, labels);
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be >= 1, got " + bins);
            }
            Bins binned = new Bins(new long[bins], new double[bins], new long[bins]);
            for (int i = 0; i < scores.length; i++) {
                double score = probability(scores, i);
                // A score of exactly 1.0 belongs to the last bin rather than a bin past the end.
                int bin = Math.min((int) (score * bins), bins - 1);
                binned.counts[bin]++;
                binned.scoreSums[bin] += score;
                binned.positives[bin] += labels[i] ? 1 : 0;
            }
            return binned;
        }
    }

    private static double probability(double[] values, int i) {
        double value = values[i];
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("score " + i + " must be a probability in [0, 1], got " + value);
        }
        return value;
    }

    private static void checkShape(double[] scores, boolean[] labels) {
        if (scores == null || labels == null) {
            throw new IllegalArgumentException("scores and labels must not be null");
        }
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs "
                    + labels.length);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("scores and labels must not be empty");
        }
    }
}
