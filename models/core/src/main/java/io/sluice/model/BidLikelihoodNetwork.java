package io.sluice.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The bid-likelihood MLP: multi-hot hashed inputs, ReLU hidden layers, one sigmoid output per demand partner
 * trained with binary cross-entropy. The first dense layer over multi-hot input is a sum of per-column
 * embeddings, which the compiled path exploits (and training too: it trains the first layer as an embedding bag
 * and the {@link #head layers above it} with DL4J, then {@link #assemble assembles} the dense network).
 */
public final class BidLikelihoodNetwork {

    private BidLikelihoodNetwork() {
    }

    /** An untrained network. */
    public static MultiLayerNetwork create(int inputs, List<Integer> hidden, int partners, double learningRate,
                                           double l2, long seed) {
        NeuralNetConfiguration.ListBuilder layers = builder(learningRate, l2, seed);
        int in = inputs;
        for (int width : hidden) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            in = width;
        }
        return build(layers.layer(output(in, partners)));
    }

    /**
     * The layers above the first hidden layer's pre-activations: its ReLU, the remaining hidden layers, and the
     * outputs. Its input is the first layer's {@code xW + b}.
     *
     * @param hidden all hidden widths, the first one included
     */
    public static MultiLayerNetwork head(List<Integer> hidden, int partners, double learningRate, double l2,
                                         long seed) {
        NeuralNetConfiguration.ListBuilder layers = builder(learningRate, l2, seed)
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        int in = hidden.get(0);
        for (int width : hidden.subList(1, hidden.size())) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            in = width;
        }
        return build(layers.layer(output(in, partners)).setInputType(InputType.feedForward(hidden.get(0))));
    }

    /**
     * The dense network computing {@code head(xW + b)}: the first layer given as its weights
     * {@code [inputs x width]} and bias {@code [1 x width]}, then the head's layers with their trained parameters.
     */
    public static MultiLayerNetwork assemble(INDArray firstWeights, INDArray firstBias, MultiLayerNetwork head) {
        int layers = head.getnLayers();
        List<Integer> hidden = new ArrayList<>();
        hidden.add((int) firstWeights.columns());
        for (int i = 1; i < layers - 1; i++) {
            hidden.add((int) head.layerSize(i));
        }
        // Learning rate, L2 and seed only matter for training, which is over: the parameters are copied in below.
        MultiLayerNetwork dense = create((int) firstWeights.rows(), hidden, (int) head.layerSize(layers - 1), 0, 0,
                0);
        dense.getLayer(0).setParam(DefaultParamInitializer.WEIGHT_KEY, firstWeights);
        dense.getLayer(0).setParam(DefaultParamInitializer.BIAS_KEY, firstBias);
        for (int i = 1; i < layers; i++) {
            dense.getLayer(i).setParam(DefaultParamInitializer.WEIGHT_KEY,
                    head.getLayer(i).getParam(DefaultParamInitializer.WEIGHT_KEY));
            dense.getLayer(i).setParam(DefaultParamInitializer.BIAS_KEY,
                    head.getLayer(i).getParam(DefaultParamInitializer.BIAS_KEY));
        }
        return dense;
    }

    private static NeuralNetConfiguration.ListBuilder builder(double learningRate, double l2, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .l2(l2)
                .list();
    }

    private static OutputLayer output(int in, int partners) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(in).nOut(partners).activation(Activation.SIGMOID).build();
    }

    private static MultiLayerNetwork build(NeuralNetConfiguration.ListBuilder layers) {
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }
}
