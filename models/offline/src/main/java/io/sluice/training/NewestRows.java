package io.sluice.training;

import java.io.IOException;

/**
 * Which rows, in the data's order, are the newest {@code count} by arrival time, rows of the same millisecond
 * ordered as they come (as a stable sort by arrival orders them; that is how the in-memory trainer cut its test
 * split, and {@link TimeCuts} never splits a millisecond, so both trainers' test splits are found). Found in memory
 * independent of the row count from two passes over the arrival times: a histogram of {@value TimeCuts#BUCKETS}
 * equal buckets finds the bucket of the cut, a histogram of that bucket's milliseconds (span / 2^20 of them) the
 * millisecond, and rows are then told apart as they come.
 */
final class NewestRows {

    /** Rows that arrived after this (epoch ms) are among the newest. */
    private final long cutMillis;
    /** How many of the rows that arrived at {@code cutMillis} come before the newest, in the data's order. */
    private final long olderAtCut;
    private long seenAtCut;

    private NewestRows(long cutMillis, long olderAtCut) {
        this.cutMillis = cutMillis;
        this.olderAtCut = olderAtCut;
    }

    /**
     * The newest {@code count} of {@code rows} rows that arrived from {@code oldest} to {@code newest} (inclusive,
     * epoch ms).
     */
    static NewestRows of(long oldest, long newest, long rows, TimeCuts.ArrivalTimes arrivals, long count)
            throws IOException {
        if (count < 1 || count > rows) {
            throw new IllegalArgumentException("cannot take the newest " + count + " of " + rows + " rows");
        }
        long older = rows - count;
        long width = Math.floorDiv(newest - oldest, TimeCuts.BUCKETS) + 1;
        long[] buckets = new long[TimeCuts.BUCKETS];
        arrivals.forEach(arrival -> buckets[(int) ((arrival - oldest) / width)]++);
        int bucket = 0;
        long below = 0;
        while (below + buckets[bucket] <= older) {
            below += buckets[bucket++];
        }
        long bucketStart = oldest + bucket * width;
        long[] milliseconds = new long[(int) width];
        arrivals.forEach(arrival -> {
            if (arrival >= bucketStart && arrival - bucketStart < width) {
                milliseconds[(int) (arrival - bucketStart)]++;
            }
        });
        int millisecond = 0;
        while (below + milliseconds[millisecond] <= older) {
            below += milliseconds[millisecond++];
        }
        return new NewestRows(bucketStart + millisecond, older - below);
    }

    /** Whether the next row, in the data's order, is among the newest; call once per row, in order. */
    boolean next(long arrivalMillis) {
        if (arrivalMillis != cutMillis) {
            return arrivalMillis > cutMillis;
        }
        return seenAtCut++ >= olderAtCut;
    }
}
