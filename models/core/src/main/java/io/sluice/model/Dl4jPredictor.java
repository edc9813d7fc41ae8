package io.sluice.model;

import io.sluice.features.FeatureVector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores with DL4J itself, one {@code output()} call per request. A {@code MultiLayerNetwork} is not
 * thread-safe, so each call borrows one of a fixed pool of clones. This is the reference path and the
 * per-request baseline that benchmarks compare against.
 */
public final class Dl4jPredictor implements Predictor {

    private final BlockingQueue<MultiLayerNetwork> pool;
    private final int inputs;

    public Dl4jPredictor(MultiLayerNetwork network, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
        }
        this.inputs = (int) network.layerInputSize(0);
        this.pool = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            pool.add(network.clone());
        }
    }

    @Override
    public void predict(FeatureVector features, float[] out) {
        float[] dense = new float[inputs];
        features.writeDense(dense, 0);
        INDArray result = run(Nd4j.create(dense, new long[] {1, inputs}, 'c'));
        for (int j = 0; j < result.columns(); j++) {
            out[j] = result.getFloat(0, j);
        }
    }

    /** Scores a batch of rows at once; row i of the result holds the outputs for {@code batch[i]}. */
    public float[][] predictBatch(FeatureVector[] batch) {
        float[] dense = new float[batch.length * inputs];
        for (int i = 0; i < batch.length; i++) {
            batch[i].writeDense(dense, i * inputs);
        }
        return run(Nd4j.create(dense, new long[] {batch.length, inputs}, 'c')).toFloatMatrix();
    }

    private INDArray run(INDArray input) {
        MultiLayerNetwork network;
        try {
            network = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a DL4J network", e);
        }
        try {
            return network.output(input, false);
        } finally {
            pool.add(network);
        }
    }
}
