package io.sluice.evaluation;

import io.sluice.features.FeatureVector;
import io.sluice.model.Predictor;
import io.sluice.training.FeatureTable;
import java.util.List;

/**
 * One scorer's probabilities for rows held in a {@link FeatureTable} (the simulation's unbiased test set), column-wise
 * per partner. The array is shared, not copied.
 *
 * @param name   shown in reports, e.g. "sluice bundled-2" or "xgboost"
 * @param scores {@code scores[p][row]}, probabilities in [0, 1]
 */
public record ScoreColumns(String name, double[][] scores) {

    /**
     * Scores rows {@code [from, to)} of {@code table} with {@code predictor}, whose output j is the likelihood of
     * {@code outputs.get(j)}, keeping the columns of {@code partners} in that order.
     */
    public static ScoreColumns of(String name, Predictor predictor, List<String> outputs, List<String> partners,
                                  FeatureTable table, int from, int to) {
        int[] outputOfPartner = new int[partners.size()];
        for (int p = 0; p < partners.size(); p++) {
            outputOfPartner[p] = outputs.indexOf(partners.get(p));
            if (outputOfPartner[p] < 0) {
                throw new IllegalArgumentException(name + " has no output for partner " + partners.get(p));
            }
        }
        double[][] scores = new double[partners.size()][to - from];
        float[] out = new float[outputs.size()];
        FeatureVector features = FeatureVector.forCurrentSpec();
        for (int row = from; row < to; row++) {
            table.fill(row, features);
            predictor.predict(features, out);
            for (int p = 0; p < partners.size(); p++) {
                scores[p][row - from] = out[outputOfPartner[p]];
            }
        }
        return new ScoreColumns(name, scores);
    }
}
