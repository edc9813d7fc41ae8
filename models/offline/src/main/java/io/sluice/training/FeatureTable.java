package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Labelled rows after feature extraction, held compactly in memory (request id, active column ids, labels, and
 * the generator's true probabilities when the data has them), in arrival-time order.
 */
public final class FeatureTable {

    private final List<String> partners;
    private final String[] requestIds;
    private final int[][] features;
    private final boolean[][] labels;
    private final double[][] trueProbabilities;
    private final long[] arrivalMillis;

    private FeatureTable(List<String> partners, String[] requestIds, int[][] features, boolean[][] labels,
                         double[][] trueProbabilities, long[] arrivalMillis) {
        this.partners = partners;
        this.requestIds = requestIds;
        this.features = features;
        this.labels = labels;
        this.trueProbabilities = trueProbabilities;
        this.arrivalMillis = arrivalMillis;
    }

    /**
     * Extracts every row of {@code reader} with the shared {@link FeatureExtractor}. The reader guarantees that
     * every row labels the same partners.
     */
    public static FeatureTable extract(LabeledRequestReader reader) {
        List<String> ids = new ArrayList<>();
        List<int[]> features = new ArrayList<>();
        List<boolean[]> labels = new ArrayList<>();
        List<double[]> truth = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        FeatureVector vector = FeatureVector.forCurrentSpec();
        while (reader.hasNext()) {
            LabeledBidRequest row = reader.next();
            List<String> partners = reader.partners();
            boolean[] rowLabels = new boolean[partners.size()];
            double[] rowTruth = new double[partners.size()];
            for (int p = 0; p < partners.size(); p++) {
                rowLabels[p] = row.getBidsOrThrow(partners.get(p));
                rowTruth[p] = row.getTrueProbabilityOrDefault(partners.get(p), Double.NaN);
            }
            Instant arrival = Instant.ofEpochSecond(row.getArrivalTime().getSeconds(), row.getArrivalTime().getNanos());
            FeatureExtractor.extract(row.getRequest(),
                    RequestTime.at(arrival, row.getRequest().getDevice().getGeo().getUtcoffset()), vector);
            ids.add(row.getRequest().getId());
            features.add(vector.toSortedArray());
            labels.add(rowLabels);
            truth.add(rowTruth);
            arrivals.add(arrival.toEpochMilli());
        }
        if (features.isEmpty()) {
            throw new DataFormatException(reader.file() + ": no rows", null);
        }
        List<String> partners = reader.partners();
        Integer[] order = new Integer[features.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(arrivals.get(a), arrivals.get(b)));
        String[] r = new String[order.length];
        int[][] f = new int[order.length][];
        boolean[][] l = new boolean[order.length][];
        double[][] t = new double[order.length][];
        long[] a = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            r[i] = ids.get(order[i]);
            f[i] = features.get(order[i]);
            l[i] = labels.get(order[i]);
            t[i] = truth.get(order[i]);
            a[i] = arrivals.get(order[i]);
        }
        return new FeatureTable(List.copyOf(partners), r, f, l, t, a);
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

    public boolean label(int row, int partner) {
        return labels[row][partner];
    }

    /** The generator's true probability, or NaN when the data does not carry one. */
    public double trueProbability(int row, int partner) {
        return trueProbabilities[row][partner];
    }

    public long arrivalMillis(int row) {
        return arrivalMillis[row];
    }
}
