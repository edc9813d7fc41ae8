package io.sluice.evaluation;

/** Thins a curve's points for plotting: evenly spaced indices that always include the first and the last. */
final class CurveSampling {

    private CurveSampling() {
    }

    static int[] indices(int points, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2, got " + maxPoints);
        }
        int count = Math.min(points, maxPoints);
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = count == 1 ? 0 : (int) Math.round((double) i * (points - 1) / (count - 1));
        }
        return indices;
    }

    static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }
}
