package io.sluice.features;

import java.util.Arrays;

/**
 * The active (value 1.0) input columns of one request. Mutable and reusable so the hot path does not
 * allocate: call {@link #clear()} and refill. Not thread-safe.
 */
public final class FeatureVector {

    private final int[] indices;
    private int size;

    public FeatureVector(int capacity) {
        this.indices = new int[capacity];
    }

    /** A vector large enough for any request under the current spec. */
    public static FeatureVector forCurrentSpec() {
        return new FeatureVector(FeatureExtractor.MAX_ACTIVE_FEATURES);
    }

    public void clear() {
        size = 0;
    }

    /** Marks {@code column} active; a column already active stays a single 1.0. */
    public void add(int column) {
        activate(column, 0);
    }

    /** Marks {@code index} active, looking for a duplicate only from {@code searchFrom} on (multi-valued fields). */
    void activate(int index, int searchFrom) {
        for (int i = searchFrom; i < size; i++) {
            if (indices[i] == index) {
                return;
            }
        }
        indices[size++] = index;
    }

    public int size() {
        return size;
    }

    public int index(int position) {
        return indices[position];
    }

    /** Writes this vector as a dense 0/1 row into {@code dense} starting at {@code rowOffset}. */
    public void writeDense(float[] dense, int rowOffset) {
        for (int i = 0; i < size; i++) {
            dense[rowOffset + indices[i]] = 1f;
        }
    }

    /** A sorted copy of the active indices, for tests and debugging. */
    public int[] toSortedArray() {
        int[] copy = Arrays.copyOf(indices, size);
        Arrays.sort(copy);
        return copy;
    }
}
