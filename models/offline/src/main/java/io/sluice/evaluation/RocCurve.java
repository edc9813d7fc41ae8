package io.sluice.evaluation;

import io.sluice.training.ScoreSummary;

/**
 * The ROC curve of probability scores: for every bin edge of their {@link ScoreSummary} used as a threshold (send if
 * score >= t), the share of negatives sent (false positive rate) and of positives sent (true positive rate), from
 * (0, 0) to (1, 1).
 *
 * @param falsePositiveRate non-decreasing, x of each point
 * @param truePositiveRate  non-decreasing, y of each point
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate) {

    /** @throws IllegalArgumentException if the summary is empty or a class is absent */
    public static RocCurve of(ScoreSummary scores) {
        RankedScores ranked = RankedScores.of(scores);
        int points = ranked.groups() + 1;
        double[] fpr = new double[points];
        double[] tpr = new double[points];
        double negatives = ranked.totalRows - ranked.totalPositives;
        double truePositives = 0;
        double falsePositives = 0;
        for (int g = 0; g < ranked.groups(); g++) {
            truePositives += ranked.positives[g];
            falsePositives += ranked.counts[g] - ranked.positives[g];
            fpr[g + 1] = falsePositives / negatives;
            tpr[g + 1] = truePositives / ranked.totalPositives;
        }
        return new RocCurve(fpr, tpr);
    }

    /** At most {@code maxPoints} of the points, evenly spread and always keeping both ends, for plotting. */
    public RocCurve sampled(int maxPoints) {
        int[] keep = CurveSampling.indices(falsePositiveRate.length, maxPoints);
        return new RocCurve(CurveSampling.pick(falsePositiveRate, keep), CurveSampling.pick(truePositiveRate, keep));
    }
}
