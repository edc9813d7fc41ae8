package io.sluice.training;

import java.util.SplittableRandom;

/**
 * Draws an index in {@code [0, n)} with probability proportional to fixed non-negative weights, in O(1) per
 * draw (Walker's alias method, Vose's construction).
 */
final class DiscreteDistribution {

    /** Column i keeps index i with probability {@code keep[i]}, else yields {@code alias[i]}. */
    private final double[] keep;
    private final int[] alias;

    DiscreteDistribution(double[] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("weights must not be empty");
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " must be finite and >= 0, got " + weights[i]);
            }
            total += weights[i];
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        keep = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] / total * n;
            if (scaled[i] < 1) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        while (smallCount > 0 && largeCount > 0) {
            int less = small[--smallCount];
            int more = large[--largeCount];
            keep[less] = scaled[less];
            alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            if (scaled[more] < 1) {
                small[smallCount++] = more;
            } else {
                large[largeCount++] = more;
            }
        }
        // Whatever is left is 1 up to rounding: those columns always keep their own index.
        while (largeCount > 0) {
            int i = large[--largeCount];
            keep[i] = 1;
            alias[i] = i;
        }
        while (smallCount > 0) {
            int i = small[--smallCount];
            keep[i] = 1;
            alias[i] = i;
        }
    }

    /** Zipf over ranks {@code 0..n-1}: rank r has weight {@code (r + 1)^-exponent}. */
    static DiscreteDistribution zipf(int n, double exponent) {
        return new DiscreteDistribution(zipfWeights(n, exponent));
    }

    static double[] zipfWeights(int n, double exponent) {
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = Math.pow(i + 1, -exponent);
        }
        return weights;
    }

    int sample(SplittableRandom random) {
        return sample(random.nextDouble());
    }

    /** The index for one uniform in {@code [0, 1)}: its integer part picks a column, its fraction the coin. */
    int sample(double uniform) {
        double scaled = uniform * keep.length;
        int column = Math.min((int) scaled, keep.length - 1);
        return scaled - column < keep[column] ? column : alias[column];
    }
}
