package io.sluice.training;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's first layer in training form: a weight row per input column plus a bias, applied to a multi-hot
 * row as the sum of its active columns' rows (an embedding bag). That equals the dense layer's {@code xW + b}
 * without the product over ~112K mostly-zero inputs, and its gradient only touches the active rows.
 *
 * <p>DL4J 1.0.0-M2.1 has no sparse input, and its EmbeddingSequenceLayer (pull and scatter per index) trained at
 * about 1.3K rows/s on this spec here, so the trainer runs this layer itself and DL4J trains the layers above.
 * Updates are AdaGrad: per-weight step sizes suit sparse inputs (rarely seen columns keep larger steps) and rows
 * absent from a batch are left untouched. Not thread-safe.
 */
final class EmbeddingBag {

    private static final float ADAGRAD_EPSILON = 1e-7f;

    private final int inputs;
    private final int width;
    /** Row-major {@code [column * width + j]}. */
    private final float[] weights;
    private final float[] bias;
    private final float[] squaredGradientSums;
    private final float[] biasSquaredGradientSums;
    /** Gradient rows of the current batch, valid for the columns listed in {@link #touched}. */
    private final float[] gradient;
    private final int[] touched;
    private final int[] touchedInBatch;
    private int batch;

    /** Weights start as N(0, initScale^2), the bias at zero. */
    EmbeddingBag(int inputs, int width, double initScale, long seed) {
        this.inputs = inputs;
        this.width = width;
        weights = new float[inputs * width];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (gaussian(random) * initScale);
        }
        bias = new float[width];
        squaredGradientSums = new float[weights.length];
        biasSquaredGradientSums = new float[width];
        gradient = new float[weights.length];
        touched = new int[inputs];
        touchedInBatch = new int[inputs];
    }

    int width() {
        return width;
    }

    /** {@code xW + b} for each row, as a {@code [rows x width]} matrix. */
    INDArray forward(int[][] rows) {
        float[] out = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            int base = r * width;
            System.arraycopy(bias, 0, out, base, width);
            for (int column : rows[r]) {
                int row = column * width;
                for (int j = 0; j < width; j++) {
                    out[base + j] += weights[row + j];
                }
            }
        }
        return Nd4j.create(out, new long[] {rows.length, width}, 'c');
    }

    /**
     * One AdaGrad step.
     *
     * @param rows     the batch's active columns
     * @param dLossDz  gradient of the batch's mean loss with respect to each row's {@code xW + b},
     *                 {@code [rows x width]} row-major
     */
    void update(int[][] rows, float[] dLossDz, double learningRate) {
        batch++;
        int touchedCount = 0;
        float[] biasGradient = new float[width];
        for (int r = 0; r < rows.length; r++) {
            int base = r * width;
            for (int j = 0; j < width; j++) {
                biasGradient[j] += dLossDz[base + j];
            }
            for (int column : rows[r]) {
                int row = column * width;
                if (touchedInBatch[column] != batch) {
                    touchedInBatch[column] = batch;
                    touched[touchedCount++] = column;
                    Arrays.fill(gradient, row, row + width, 0f);
                }
                for (int j = 0; j < width; j++) {
                    gradient[row + j] += dLossDz[base + j];
                }
            }
        }
        float rate = (float) learningRate;
        for (int t = 0; t < touchedCount; t++) {
            int row = touched[t] * width;
            for (int k = row; k < row + width; k++) {
                squaredGradientSums[k] += gradient[k] * gradient[k];
                weights[k] -= rate * gradient[k] / ((float) Math.sqrt(squaredGradientSums[k]) + ADAGRAD_EPSILON);
            }
        }
        for (int j = 0; j < width; j++) {
            biasSquaredGradientSums[j] += biasGradient[j] * biasGradient[j];
            bias[j] -= rate * biasGradient[j] / ((float) Math.sqrt(biasSquaredGradientSums[j]) + ADAGRAD_EPSILON);
        }
    }

    /** The current weights and bias (copies), e.g. to keep the best epoch's. */
    Parameters parameters() {
        return new Parameters(weights.clone(), bias.clone());
    }

    /** Puts back parameters taken from this layer. */
    void restore(Parameters saved) {
        System.arraycopy(saved.weights(), 0, weights, 0, weights.length);
        System.arraycopy(saved.bias(), 0, bias, 0, bias.length);
    }

    /** The weights as the dense layer's {@code [inputs x width]} matrix. */
    INDArray weightMatrix() {
        return Nd4j.create(weights.clone(), new long[] {inputs, width}, 'c');
    }

    /** The bias as the dense layer's {@code [1 x width]} row. */
    INDArray biasRow() {
        return Nd4j.create(bias.clone(), new long[] {1, width}, 'c');
    }

    /** A snapshot of the layer's parameters. */
    record Parameters(float[] weights, float[] bias) {
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
