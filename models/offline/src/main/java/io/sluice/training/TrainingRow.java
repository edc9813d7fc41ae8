package io.sluice.training;

/**
 * One row as training reads it back from a {@link FeatureCache}: features and the labelled entries only.
 *
 * @param arrivalMillis when the request arrived, epoch milliseconds
 * @param features      active column ids, sorted
 * @param partners      output columns of the labelled partners
 * @param bids          whether each of them bid
 * @param weights       each entry's weight: as a {@link FeatureCache} stores it, the inverse propensity; after
 *                      {@link #weighted}, the weighting's
 */
record TrainingRow(long arrivalMillis, int[] features, int[] partners, boolean[] bids, float[] weights) {

    /** This row with each entry's inverse propensity turned into {@code weighting}'s weight. */
    TrainingRow weighted(LabelWeighting weighting) {
        float[] weighted = new float[weights.length];
        for (int k = 0; k < weights.length; k++) {
            weighted[k] = (float) weighting.weight(weights[k]);
        }
        return new TrainingRow(arrivalMillis, features, partners, bids, weighted);
    }
}
