package io.sluice.model;

import io.sluice.features.FeatureVector;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained DL4J weights run as plain Java loops: immutable, thread-safe and free of native calls.
 *
 * <p>The input is multi-hot, so the first layer is a sum of the weight rows of the active columns (an
 * embedding-bag) instead of a dense product over thousands of zeros. Later layers are small dense products.
 * DL4J stays the reference: tests check this path against {@code MultiLayerNetwork.output}, and a server checks it
 * against the {@link ReferenceProbes} recorded in the manifest when it loads.
 */
public final class CompiledMlp implements Predictor {

    private final DenseLayerWeights[] layers;
    private final int widestLayer;
    private final ThreadLocal<float[][]> scratch;

    private CompiledMlp(DenseLayerWeights[] layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int i = 1; i < layers.length; i++) {
            if (layers[i].inputs() != layers[i - 1].outputs()) {
                throw new IllegalArgumentException("layer " + i + " takes " + layers[i].inputs()
                        + " inputs but layer " + (i - 1) + " has " + layers[i - 1].outputs() + " outputs");
            }
        }
        this.layers = layers;
        int widest = 0;
        for (DenseLayerWeights layer : layers) {
            widest = Math.max(widest, layer.outputs());
        }
        this.widestLayer = widest;
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[widestLayer], new float[widestLayer]});
    }

    /** The forward pass over {@code layers}, input layer first. */
    public static CompiledMlp of(List<DenseLayerWeights> layers) {
        return new CompiledMlp(layers.toArray(DenseLayerWeights[]::new));
    }

    /** Copies the weights out of a trained network; fails for layers or activations it cannot reproduce. */
    public static CompiledMlp of(MultiLayerNetwork network) {
        return of(Dl4jLayers.of(network));
    }

    /** Number of outputs (partners). */
    public int outputs() {
        return layers[layers.length - 1].outputs();
    }

    @Override
    public void predict(FeatureVector features, float[] out) {
        float[][] buffers = scratch.get();
        float[] current = buffers[0];
        float[] next = buffers[1];
        DenseLayerWeights first = layers[0];
        if (layers.length == 1) {
            current = out;
        }
        int width = first.outputs();
        float[] embedding = first.weights();
        System.arraycopy(first.bias(), 0, current, 0, width);
        for (int k = 0; k < features.size(); k++) {
            int row = features.index(k) * width;
            for (int j = 0; j < width; j++) {
                current[j] += embedding[row + j];
            }
        }
        first.activation().apply(current, width);
        for (int l = 1; l < layers.length; l++) {
            DenseLayerWeights layer = layers[l];
            boolean last = l == layers.length - 1;
            float[] target = last ? out : next;
            int outputs = layer.outputs();
            float[] weights = layer.weights();
            System.arraycopy(layer.bias(), 0, target, 0, outputs);
            for (int i = 0; i < layer.inputs(); i++) {
                float x = current[i];
                if (x == 0f) {
                    continue;
                }
                int row = i * outputs;
                for (int j = 0; j < outputs; j++) {
                    target[j] += x * weights[row + j];
                }
            }
            layer.activation().apply(target, outputs);
            if (!last) {
                next = current;
                current = target;
            }
        }
    }
}
