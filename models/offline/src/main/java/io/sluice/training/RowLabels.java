package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import java.util.Map;

/**
 * The labelled entries of one row, sparse: only partners whose outcome is known (partial labels), each with its
 * weight and, for synthetic data, the generator's true probability.
 *
 * @param partners partner numbers from a {@link PartnerColumns}
 * @param bids     whether each partner bid
 * @param weights  each entry's weight, from a {@link LabelWeighting}
 * @param truth    each partner's true probability, NaN when the data has none
 */
record RowLabels(int[] partners, boolean[] bids, float[] weights, double[] truth) {

    /** The labels of {@code row}, numbering new partners in {@code columns}. */
    static RowLabels of(LabeledBidRequest row, PartnerColumns columns, LabelWeighting weighting) {
        int n = row.getBidsCount();
        int[] partners = new int[n];
        boolean[] bids = new boolean[n];
        float[] weights = new float[n];
        double[] truth = new double[n];
        int i = 0;
        for (Map.Entry<String, Boolean> bid : row.getBidsMap().entrySet()) {
            partners[i] = columns.indexOf(bid.getKey());
            bids[i] = bid.getValue();
            weights[i] = (float) weighting.weight(row, bid.getKey());
            truth[i] = row.getTrueProbabilityOrDefault(bid.getKey(), Double.NaN);
            i++;
        }
        return new RowLabels(partners, bids, weights, truth);
    }
}
