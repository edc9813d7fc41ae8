package io.sluice.training;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-partner Platt scaling, {@code p' = sigmoid(a * logit(p) + c)}, fitted on held-out rows and folded into the
 * sigmoid output layer ({@code W' = a W}, {@code b' = a b + c}), so the calibrated model is the same network
 * shape and serves unchanged. Early stopping leaves a network that is slightly over-confident on new traffic
 * (fitted a < 1); this removes that without touching the ranking (AUC).
 *
 * @param slopes     a per partner
 * @param intercepts c per partner
 */
record OutputCalibration(double[] slopes, double[] intercepts) {

    private static final int NEWTON_STEPS = 25;
    /** Keeps logit() finite for scores of exactly 0 or 1. */
    private static final double CLIP = 1e-7;

    /**
     * Fits a and c per partner by maximum likelihood (Newton's method on two parameters).
     *
     * @param scores {@code [row][partner]} model outputs on the held-out rows
     * @param labels {@code [row][partner]}
     */
    static OutputCalibration fit(float[][] scores, boolean[][] labels) {
        int partners = scores[0].length;
        double[] slopes = new double[partners];
        double[] intercepts = new double[partners];
        for (int p = 0; p < partners; p++) {
            double a = 1;
            double c = 0;
            for (int step = 0; step < NEWTON_STEPS; step++) {
                double ga = 0;
                double gc = 0;
                double haa = 0;
                double hac = 0;
                double hcc = 0;
                for (int i = 0; i < scores.length; i++) {
                    double z = logit(scores[i][p]);
                    double q = 1 / (1 + Math.exp(-(a * z + c)));
                    double residual = q - (labels[i][p] ? 1 : 0);
                    double weight = q * (1 - q);
                    ga += residual * z;
                    gc += residual;
                    haa += weight * z * z;
                    hac += weight * z;
                    hcc += weight;
                }
                double det = haa * hcc - hac * hac;
                if (!(det > 0)) {
                    break;
                }
                a -= (hcc * ga - hac * gc) / det;
                c -= (haa * gc - hac * ga) / det;
            }
            slopes[p] = a;
            intercepts[p] = c;
        }
        return new OutputCalibration(slopes, intercepts);
    }

    /** Scales the output layer of {@code network} in place. */
    void foldInto(MultiLayerNetwork network) {
        Layer output = network.getLayer(network.getnLayers() - 1);
        INDArray w = output.getParam(DefaultParamInitializer.WEIGHT_KEY).dup();
        INDArray b = output.getParam(DefaultParamInitializer.BIAS_KEY).dup();
        for (int p = 0; p < slopes.length; p++) {
            for (int i = 0; i < w.rows(); i++) {
                w.putScalar(i, p, slopes[p] * w.getDouble(i, p));
            }
            // Linear indexing: the bias is [1 x partners] or [partners] depending on the DL4J version.
            b.putScalar(p, slopes[p] * b.getDouble(p) + intercepts[p]);
        }
        output.setParam(DefaultParamInitializer.WEIGHT_KEY, w);
        output.setParam(DefaultParamInitializer.BIAS_KEY, b);
    }

    private static double logit(double p) {
        double q = Math.min(Math.max(p, CLIP), 1 - CLIP);
        return Math.log(q / (1 - q));
    }
}
