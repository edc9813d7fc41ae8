package io.sluice.training;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * Where the time split falls in arrival time: rows older than {@code validationFromMillis} train, rows from then
 * until {@code testFromMillis} validate, newer rows test. Found in one pass over the arrival times with a histogram
 * of {@value #BUCKETS} equal buckets between the oldest and newest arrival (8 MB, whatever the row count): each cut
 * is the bucket edge whose share of older rows is nearest the wanted fraction. The shares are then exact up to one
 * bucket's rows (span / {@value #BUCKETS}, e.g. 0.6 s of a week), and rows that arrived in the same millisecond are
 * never split apart. Sorting the same rows by arrival and counting {@link #split} rows from the oldest gives the
 * same three parts.
 *
 * @param validationFromMillis first arrival (epoch ms) of the validation split
 * @param testFromMillis       first arrival of the test split
 * @param split                the rows in each split
 */
record TimeCuts(long validationFromMillis, long testFromMillis, TimeSplit split) {

    static final int BUCKETS = 1 << 20;

    /** Whether a row that arrived at {@code arrivalMillis} trains. */
    boolean trains(long arrivalMillis) {
        return arrivalMillis < validationFromMillis;
    }

    /** Every row's arrival time (epoch ms) fed to {@code consumer}, the same times on every call. */
    @FunctionalInterface
    interface ArrivalTimes {
        void forEach(LongConsumer consumer) throws IOException;
    }

    /**
     * The cuts of the rows whose arrival times {@code arrivals} noted, for the given leading shares; the test split
     * gets the rest.
     */
    static TimeCuts of(ArrivalsFile arrivals, double trainFraction, double validationFraction) throws IOException {
        return of(arrivals.oldest(), arrivals.newest(), arrivals.rows(), arrivals, trainFraction, validationFraction);
    }

    /** The cuts of {@code rows} rows that arrived from {@code oldest} to {@code newest} (inclusive, epoch ms). */
    static TimeCuts of(long oldest, long newest, long rows, ArrivalTimes arrivals, double trainFraction,
                       double validationFraction) throws IOException {
        long width = Math.max(1, Math.floorDiv(newest - oldest, BUCKETS) + 1);
        long[] counts = new long[BUCKETS];
        arrivals.forEach(arrival -> counts[(int) ((arrival - oldest) / width)]++);
        int trainEdge = edgeNearest(counts, (long) (rows * trainFraction));
        int validationEdge = edgeNearest(counts, (long) (rows * (trainFraction + validationFraction)));
        long train = below(counts, trainEdge);
        long validation = below(counts, validationEdge) - train;
        long test = rows - train - validation;
        if (train < 1 || validation < 1 || test < 1 || rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot split " + rows + " rows by arrival time into train/validation/"
                    + "test (too few rows or distinct arrival times), got " + train + "/" + validation + "/" + test);
        }
        return new TimeCuts(oldest + trainEdge * width, oldest + validationEdge * width,
                new TimeSplit((int) train, (int) validation, (int) test));
    }

    /** The bucket edge (0..BUCKETS) with the number of rows below it nearest {@code target}. */
    private static int edgeNearest(long[] counts, long target) {
        long below = 0;
        int best = 0;
        long bestDistance = Math.abs(target);
        for (int edge = 1; edge <= counts.length; edge++) {
            below += counts[edge - 1];
            long distance = Math.abs(below - target);
            if (distance < bestDistance) {
                best = edge;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static long below(long[] counts, int edge) {
        long sum = 0;
        for (int b = 0; b < edge; b++) {
            sum += counts[b];
        }
        return sum;
    }
}
