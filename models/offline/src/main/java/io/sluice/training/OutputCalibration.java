package io.sluice.training;

import java.util.List;
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

    /**
     * Fits a and c per partner by weighted maximum likelihood (Newton's method on two parameters) on held-out scores
     * summarized per partner; each summary bin counts as its centre logit.
     *
     * @param scores one summary of uncalibrated scores per partner
     */
    static OutputCalibration fit(List<ScoreSummary> scores) {
        int partners = scores.size();
        double[] slopes = new double[partners];
        double[] intercepts = new double[partners];
        for (int p = 0; p < partners; p++) {
            ScoreSummary summary = scores.get(p);
            double a = 1;
            double c = 0;
            for (int step = 0; step < NEWTON_STEPS; step++) {
                double ga = 0;
                double gc = 0;
                double haa = 0;
                double hac = 0;
                double hcc = 0;
                for (int b = 0; b < ScoreSummary.BINS; b++) {
                    double bids = summary.positive(b);
                    double all = bids + summary.negative(b);
                    if (all == 0) {
                        continue;
                    }
                    double z = ScoreSummary.binCentre(b);
                    double q = 1 / (1 + Math.exp(-(a * z + c)));
                    double residual = q * all - bids;
                    double weight = q * (1 - q) * all;
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

    /** This calibration applied after a shift of every logit by {@code shift} (as one fold into the network). */
    OutputCalibration afterShift(double shift) {
        double[] shifted = new double[intercepts.length];
        for (int p = 0; p < shifted.length; p++) {
            shifted[p] = intercepts[p] + slopes[p] * shift;
        }
        return new OutputCalibration(slopes, shifted);
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
}
