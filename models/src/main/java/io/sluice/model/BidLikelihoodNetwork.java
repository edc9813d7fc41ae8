package io.sluice.model;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The bid-likelihood MLP: multi-hot hashed inputs, ReLU hidden layers, one sigmoid output per demand partner
 * trained with binary cross-entropy. The first dense layer over multi-hot input is a sum of per-column
 * embeddings, which the compiled path exploits.
 */
public final class BidLikelihoodNetwork {

    private BidLikelihoodNetwork() {
    }

    /** An untrained network. */
    public static MultiLayerNetwork create(int inputs, List<Integer> hidden, int partners, double learningRate,
                                           double l2, long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .l2(l2)
                .list();
        int in = inputs;
        for (int width : hidden) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            in = width;
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(in).nOut(partners).activation(Activation.SIGMOID).build());
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }
}
