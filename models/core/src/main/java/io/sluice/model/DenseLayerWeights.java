package io.sluice.model;

/**
 * One trained dense layer as plain arrays: row-major weights, {@code weights[i * outputs + j]} connecting input i to
 * output j, one bias per output, and the activation applied to {@code xW + b}.
 */
public record DenseLayerWeights(int inputs, int outputs, float[] weights, float[] bias, LayerActivation activation) {

    /** Checks that the arrays have the shape the sizes say. */
    public DenseLayerWeights {
        if (inputs < 1 || outputs < 1 || weights.length != (long) inputs * outputs || bias.length != outputs) {
            throw new IllegalArgumentException("a dense layer of " + inputs + " -> " + outputs + " needs "
                    + (long) inputs * outputs + " weights and " + outputs + " biases, got " + weights.length + " and "
                    + bias.length);
        }
    }
}
