package io.sluice.model;

import io.sluice.features.FeatureVector;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trained DL4J weights run as plain Java loops: immutable, thread-safe and free of native calls.
 *
 * <p>The input is multi-hot, so the first layer is a sum of the weight rows of the active columns (an
 * embedding-bag) instead of a dense product over thousands of zeros. Later layers are small dense products.
 * DL4J stays the reference: tests check this path against {@code MultiLayerNetwork.output}.
 */
public final class CompiledMlp implements Predictor {

    private final DenseLayerWeights[] layers;
    private final int widestLayer;
    private final ThreadLocal<float[][]> scratch;

    private CompiledMlp(DenseLayerWeights[] layers) {
        this.layers = layers;
        int widest = 0;
        for (DenseLayerWeights layer : layers) {
            widest = Math.max(widest, layer.outputs);
        }
        this.widestLayer = widest;
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[widestLayer], new float[widestLayer]});
    }

    /** Copies the weights out of a trained network; fails for layers or activations it cannot reproduce. */
    public static CompiledMlp of(MultiLayerNetwork network) {
        DenseLayerWeights[] layers = new DenseLayerWeights[network.getnLayers()];
        for (int i = 0; i < layers.length; i++) {
            Layer layer = network.getLayer(i);
            if (!(layer.conf().getLayer() instanceof BaseLayer config)
                    || layer.getParam("W") == null || layer.getParam("b") == null) {
                throw new IllegalArgumentException("layer " + i + " (" + layer.getClass().getSimpleName()
                        + ") is not a dense layer; the compiled path supports dense MLPs only");
            }
            INDArray w = layer.getParam("W");
            // A row-major copy is exactly the [input][output] layout below (toFloatMatrix() takes tens of seconds
            // for a 112K-row first layer).
            float[] weights = w.dup('c').data().asFloat();
            float[] b = layer.getParam("b").dup('c').data().asFloat();
            layers[i] = new DenseLayerWeights((int) w.rows(), b.length, weights, b, activationOf(config, i));
        }
        return new CompiledMlp(layers);
    }

    /** Number of outputs (partners). */
    public int outputs() {
        return layers[layers.length - 1].outputs;
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
        System.arraycopy(first.bias, 0, current, 0, first.outputs);
        for (int k = 0; k < features.size(); k++) {
            int row = features.index(k) * first.outputs;
            for (int j = 0; j < first.outputs; j++) {
                current[j] += first.weights[row + j];
            }
        }
        first.activation.apply(current, first.outputs);
        for (int l = 1; l < layers.length; l++) {
            DenseLayerWeights layer = layers[l];
            boolean last = l == layers.length - 1;
            float[] target = last ? out : next;
            System.arraycopy(layer.bias, 0, target, 0, layer.outputs);
            for (int i = 0; i < layer.inputs; i++) {
                float x = current[i];
                if (x == 0f) {
                    continue;
                }
                int row = i * layer.outputs;
                for (int j = 0; j < layer.outputs; j++) {
                    target[j] += x * layer.weights[row + j];
                }
            }
            layer.activation.apply(target, layer.outputs);
            if (!last) {
                next = current;
                current = target;
            }
        }
    }

    private static Activation activationOf(BaseLayer config, int index) {
        IActivation fn = config.getActivationFn();
        if (fn instanceof ActivationReLU) {
            return Activation.RELU;
        }
        if (fn instanceof ActivationSigmoid) {
            return Activation.SIGMOID;
        }
        if (fn instanceof ActivationTanH) {
            return Activation.TANH;
        }
        if (fn instanceof ActivationIdentity) {
            return Activation.IDENTITY;
        }
        throw new IllegalArgumentException("layer " + index + " activation " + fn + " is not supported by the compiled path");
    }

    /** Row-major weights: {@code weights[i * outputs + j]} connects input i to output j. */
    private record DenseLayerWeights(int inputs, int outputs, float[] weights, float[] bias, Activation activation) {
    }

    private enum Activation {
        RELU {
            @Override
            void apply(float[] v, int n) {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.max(v[i], 0f);
                }
            }
        },
        SIGMOID {
            @Override
            void apply(float[] v, int n) {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (1.0 / (1.0 + Math.exp(-v[i])));
                }
            }
        },
        TANH {
            @Override
            void apply(float[] v, int n) {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.tanh(v[i]);
                }
            }
        },
        IDENTITY {
            @Override
            void apply(float[] v, int n) {
            }
        };

        abstract void apply(float[] values, int count);
    }
}
