package io.sluice.training;

/**
 * One row as training reads it back from a {@link FeatureCache}: features and the labelled entries only.
 *
 * @param arrivalMillis when the request arrived, epoch milliseconds
 * @param features      active column ids, sorted
 * @param partners      output columns of the labelled partners
 * @param bids          whether each of them bid
 * @param weights       each entry's weight
 */
record TrainingRow(long arrivalMillis, int[] features, int[] partners, boolean[] bids, float[] weights) {
}
