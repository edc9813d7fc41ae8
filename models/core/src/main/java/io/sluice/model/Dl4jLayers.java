package io.sluice.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies the dense layers out of a DL4J network in memory (the trainer's and the offline tools' route). */
public final class Dl4jLayers {

    private Dl4jLayers() {
    }

    /** The network's layers; fails for layers or activations the compiled pass cannot reproduce. */
    public static List<DenseLayerWeights> of(MultiLayerNetwork network) {
        List<DenseLayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayer(i);
            if (!(layer.conf().getLayer() instanceof BaseLayer config)
                    || layer.getParam("W") == null || layer.getParam("b") == null) {
                throw new IllegalArgumentException("layer " + i + " (" + layer.getClass().getSimpleName()
                        + ") is not a dense layer; the compiled path supports dense MLPs only");
            }
            INDArray w = layer.getParam("W");
            // A row-major copy is exactly the [input][output] layout (toFloatMatrix() takes tens of seconds for a
            // 112K-row first layer).
            float[] weights = w.dup('c').data().asFloat();
            float[] b = layer.getParam("b").dup('c').data().asFloat();
            layers.add(new DenseLayerWeights((int) w.rows(), b.length, weights, b, activationOf(config, i)));
        }
        return layers;
    }

    private static LayerActivation activationOf(BaseLayer config, int index) {
        IActivation fn = config.getActivationFn();
        // A capped, thresholded or leaky ReLU is not the plain one the compiled pass computes (as Dl4jNetworkFile).
        if (fn instanceof ActivationReLU relu
                && relu.getMax() == null && relu.getThreshold() == null && relu.getNegativeSlope() == null) {
            return LayerActivation.RELU;
        }
        if (fn instanceof ActivationSigmoid) {
            return LayerActivation.SIGMOID;
        }
        if (fn instanceof ActivationTanH) {
            return LayerActivation.TANH;
        }
        if (fn instanceof ActivationIdentity) {
            return LayerActivation.IDENTITY;
        }
        throw new IllegalArgumentException("layer " + index + " activation " + fn
                + " is not supported by the compiled path");
    }
}
