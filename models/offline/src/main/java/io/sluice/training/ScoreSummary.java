package io.sluice.training;

import java.util.ArrayList;
import java.util.List;

/**
 * One column of weighted (score, label) pairs summarized in fixed memory, whatever their number: exact sums for
 * log loss, the positive rate and the {@value #CALIBRATION_BINS}-bin calibration error, and a histogram of
 * {@value #BINS} bins of equal width in logit space over [-{@value #LOGIT_RANGE}, {@value #LOGIT_RANGE}] (0.001
 * wide) for AUC, threshold tables and calibration fitting. AUC counts a positive and a negative in the same bin as a
 * tie (one half), so it is exact up to pairs whose logits differ by less than a bin width; thresholds fall on bin
 * edges. {@link #aucMaxError} bounds that tie error from the bins themselves.
 */
public final class ScoreSummary {

    /** Histogram bins: 32,768, about 0.001 wide in logit. */
    public static final int BINS = 1 << 15;
    static final double LOGIT_RANGE = 17;
    /** Equal-width score bins of the calibration error and the reliability table. */
    public static final int CALIBRATION_BINS = 10;
    private static final double BIN_WIDTH = 2 * LOGIT_RANGE / BINS;

    private final double[] positive = new double[BINS];
    private final double[] negative = new double[BINS];
    /** Sum of squared weights of the bids in each bin: with the weights' sum, how many bids they amount to. */
    private final double[] positiveSquared = new double[BINS];
    private final double[] calibrationWeight = new double[CALIBRATION_BINS];
    private final double[] calibrationScore = new double[CALIBRATION_BINS];
    private final double[] calibrationPositive = new double[CALIBRATION_BINS];
    private final long[] calibrationRows = new long[CALIBRATION_BINS];
    private long rows;
    private long bids;
    private double weight;
    private double positiveWeight;
    private double logLossSum;

    /** Adds one labelled entry: a probability {@code score}, whether it was a bid, and its weight. */
    public void add(double score, boolean bid, double entryWeight) {
        double q = Math.min(Math.max(score, Metrics.LOG_LOSS_EPSILON), 1 - Metrics.LOG_LOSS_EPSILON);
        int bin = bin(Math.log(q / (1 - q)));
        int calibrationBin = Math.min((int) (score * CALIBRATION_BINS), CALIBRATION_BINS - 1);
        rows++;
        weight += entryWeight;
        calibrationRows[calibrationBin]++;
        calibrationWeight[calibrationBin] += entryWeight;
        calibrationScore[calibrationBin] += entryWeight * score;
        if (bid) {
            bids++;
            positive[bin] += entryWeight;
            positiveSquared[bin] += entryWeight * entryWeight;
            positiveWeight += entryWeight;
            calibrationPositive[calibrationBin] += entryWeight;
            logLossSum -= entryWeight * Math.log(q);
        } else {
            negative[bin] += entryWeight;
            logLossSum -= entryWeight * Math.log1p(-q);
        }
    }

    /** Adds everything {@code other} holds. */
    public void addAll(ScoreSummary other) {
        for (int b = 0; b < BINS; b++) {
            positive[b] += other.positive[b];
            negative[b] += other.negative[b];
            positiveSquared[b] += other.positiveSquared[b];
        }
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            calibrationWeight[b] += other.calibrationWeight[b];
            calibrationScore[b] += other.calibrationScore[b];
            calibrationPositive[b] += other.calibrationPositive[b];
            calibrationRows[b] += other.calibrationRows[b];
        }
        rows += other.rows;
        bids += other.bids;
        weight += other.weight;
        positiveWeight += other.positiveWeight;
        logLossSum += other.logLossSum;
    }

    /** Entries added (not weighted). */
    public long rows() {
        return rows;
    }

    /** Entries added that were bids (not weighted). */
    public long bids() {
        return bids;
    }

    /** Their total weight. */
    public double weight() {
        return weight;
    }

    /** Weighted mean log loss in nats. */
    public double logLoss() {
        return logLossSum / weight;
    }

    /** Weighted share of bids. */
    double positiveRate() {
        return positiveWeight / weight;
    }

    /** Weighted expected calibration error over {@value #CALIBRATION_BINS} equal-width score bins. */
    public double expectedCalibrationError() {
        double sum = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            sum += Math.abs(calibrationScore[b] - calibrationPositive[b]);
        }
        return sum / weight;
    }

    /** Weighted ROC AUC, ties within a bin counting one half; NaN without both classes. */
    public double auc() {
        double negativeWeight = weight - positiveWeight;
        if (positiveWeight <= 0 || negativeWeight <= 0) {
            return Double.NaN;
        }
        double wins = 0;
        double negativesBelow = 0;
        for (int b = 0; b < BINS; b++) {
            wins += positive[b] * (negativesBelow + 0.5 * negative[b]);
            negativesBelow += negative[b];
        }
        return wins / (positiveWeight * negativeWeight);
    }

    /**
     * How far {@link #auc} can be from the exact AUC of the same entries: a bid and a non-bid in the same bin count
     * one half where the exact computation counts 0, 1/2 or 1, so the error is at most half the share of pairs
     * that share a bin. NaN without both classes.
     */
    public double aucMaxError() {
        double negativeWeight = weight - positiveWeight;
        if (positiveWeight <= 0 || negativeWeight <= 0) {
            return Double.NaN;
        }
        double sharedBinPairs = 0;
        for (int b = 0; b < BINS; b++) {
            sharedBinPairs += positive[b] * negative[b];
        }
        return 0.5 * sharedBinPairs / (positiveWeight * negativeWeight);
    }

    /**
     * The reliability diagram behind {@link #expectedCalibrationError}: every one of the {@value #CALIBRATION_BINS}
     * equal-width score bins in order, empty ones included (with NaN means); means are weighted.
     */
    public List<Metrics.ReliabilityBin> reliabilityTable() {
        List<Metrics.ReliabilityBin> table = new ArrayList<>(CALIBRATION_BINS);
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            boolean empty = calibrationRows[b] == 0;
            table.add(new Metrics.ReliabilityBin((double) b / CALIBRATION_BINS, (double) (b + 1) / CALIBRATION_BINS,
                    calibrationRows[b], empty ? Double.NaN : calibrationScore[b] / calibrationWeight[b],
                    empty ? Double.NaN : calibrationPositive[b] / calibrationWeight[b]));
        }
        return List.copyOf(table);
    }

    /** Weighted bids in bin {@code b}, the bins ordered by score. */
    public double positive(int b) {
        return positive[b];
    }

    /** Sum of the squared weights of the bids in bin {@code b}. */
    double positiveSquared(int b) {
        return positiveSquared[b];
    }

    /** Weighted non-bids in bin {@code b}. */
    public double negative(int b) {
        return negative[b];
    }

    /** Weighted bids. */
    public double positiveWeight() {
        return positiveWeight;
    }

    /** The logit at the middle of bin {@code b}. */
    static double binCentre(int b) {
        return -LOGIT_RANGE + (b + 0.5) * BIN_WIDTH;
    }

    /** The lowest score in bin {@code b}: 0 for the first bin, which also holds every lower logit. */
    static double lowerEdgeScore(int b) {
        return b == 0 ? 0.0 : 1 / (1 + Math.exp(LOGIT_RANGE - b * BIN_WIDTH));
    }

    private static int bin(double logit) {
        return (int) Math.min(Math.max((logit + LOGIT_RANGE) / BIN_WIDTH, 0), BINS - 1);
    }
}
