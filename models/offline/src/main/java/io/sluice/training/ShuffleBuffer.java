package io.sluice.training;

import java.util.Random;

/**
 * A fixed-capacity pool that shuffles a stream: once full, each item offered replaces a uniformly chosen resident,
 * which comes out; an item stays for {@code capacity} offers on average. Memory is {@code capacity} items, however
 * long the stream.
 */
final class ShuffleBuffer<T> {

    private final Object[] items;
    private final Random random;
    private int size;

    ShuffleBuffer(int capacity, Random random) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.items = new Object[capacity];
        this.random = random;
    }

    /** Adds {@code item}; returns the item it displaced, or null while the buffer is filling. */
    @SuppressWarnings("unchecked")
    T offer(T item) {
        if (size < items.length) {
            items[size++] = item;
            return null;
        }
        int i = random.nextInt(items.length);
        T out = (T) items[i];
        items[i] = item;
        return out;
    }

    /** Removes and returns a uniformly chosen resident, or null when empty (to drain at the end of the stream). */
    @SuppressWarnings("unchecked")
    T poll() {
        if (size == 0) {
            return null;
        }
        int i = random.nextInt(size);
        T out = (T) items[i];
        items[i] = items[--size];
        items[size] = null;
        return out;
    }

    int size() {
        return size;
    }
}
