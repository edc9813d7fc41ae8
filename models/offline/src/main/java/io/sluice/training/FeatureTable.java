package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Labelled rows after feature extraction, held compactly in memory (request id, active column ids, labels where
 * known, and the generator's true probabilities when the data has them), in arrival-time order. For the simulation's
 * small test set; training, evaluation and feature export stream their rows instead.
 */
public final class FeatureTable {

    private final List<String> partners;
    private final String[] requestIds;
    private final int[][] features;
    /** Per row and partner: -1 unlabelled, 0 no bid, 1 bid. */
    private final byte[][] labels;
    private final double[][] trueProbabilities;
    private final long[] arrivalMillis;

    private FeatureTable(List<String> partners, String[] requestIds, int[][] features, byte[][] labels,
                         double[][] trueProbabilities, long[] arrivalMillis) {
        this.partners = partners;
        this.requestIds = requestIds;
        this.features = features;
        this.labels = labels;
        this.trueProbabilities = trueProbabilities;
        this.arrivalMillis = arrivalMillis;
    }

    /**
     * Extracts every row of {@code rows} with the shared {@link FeatureExtractor}. The partners are {@code declared}
     * (a shard manifest's) with every other partner some row labels, sorted.
     */
    public static FeatureTable extract(Iterator<LabeledBidRequest> rows, List<String> declared) {
        PartnerColumns columns = new PartnerColumns(declared);
        List<String> ids = new ArrayList<>();
        List<int[]> features = new ArrayList<>();
        List<RowLabels> labels = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        FeatureVector vector = FeatureVector.forCurrentSpec();
        while (rows.hasNext()) {
            LabeledBidRequest row = rows.next();
            long arrival = RowFeatures.extract(row, vector);
            ids.add(row.getRequest().getId());
            features.add(vector.toSortedArray());
            labels.add(RowLabels.of(row, columns));
            arrivals.add(arrival);
        }
        List<String> partners = columns.sorted();
        int[] columnOf = columns.columnOfIndex();
        Integer[] order = new Integer[features.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(arrivals.get(a), arrivals.get(b)));
        String[] r = new String[order.length];
        int[][] f = new int[order.length][];
        byte[][] l = new byte[order.length][partners.size()];
        double[][] t = new double[order.length][partners.size()];
        long[] a = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            r[i] = ids.get(order[i]);
            f[i] = features.get(order[i]);
            a[i] = arrivals.get(order[i]);
            Arrays.fill(l[i], (byte) -1);
            Arrays.fill(t[i], Double.NaN);
            RowLabels row = labels.get(order[i]);
            for (int k = 0; k < row.partners().length; k++) {
                int p = columnOf[row.partners()[k]];
                l[i][p] = (byte) (row.bids()[k] ? 1 : 0);
                t[i][p] = row.truth()[k];
            }
        }
        return new FeatureTable(partners, r, f, l, t, a);
    }

    public List<String> partners() {
        return partners;
    }

    public int rows() {
        return features.length;
    }

    /** The request's {@code id}, which joins rows to predictions made elsewhere. */
    public String requestId(int row) {
        return requestIds[row];
    }

    /** Active column ids of row {@code row} (sorted). */
    public int[] features(int row) {
        return features[row];
    }

    /** Loads row {@code row}'s active columns into {@code out}, e.g. to score it with a predictor. */
    public void fill(int row, FeatureVector out) {
        out.clear();
        for (int column : features[row]) {
            out.add(column);
        }
    }

    /** Whether the row's outcome for the partner is known. */
    public boolean labelled(int row, int partner) {
        return labels[row][partner] >= 0;
    }

    /** Whether the partner bid; false also when the row does not label it (see {@link #labelled}). */
    public boolean label(int row, int partner) {
        return labels[row][partner] == 1;
    }

    /** The generator's true probability, or NaN when the data does not carry one for this entry. */
    public double trueProbability(int row, int partner) {
        return trueProbabilities[row][partner];
    }

    public long arrivalMillis(int row) {
        return arrivalMillis[row];
    }
}
