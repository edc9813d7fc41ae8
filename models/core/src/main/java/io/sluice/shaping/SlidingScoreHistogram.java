package io.sluice.shaping;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of scores in [0, 1] over a sliding window of time slots, recorded without locks. The window is a ring of
 * slots, one more than the window holds: the slot being filled and the completed ones. The first score of a new slot
 * clears it (the one thread that wins the slot does, while scores arriving meanwhile are dropped rather than waited
 * for) and tells its caller, who can then read the window that just completed.
 *
 * <p>Buckets are equal steps of the score's square root, so they are finest near 0, where bid likelihoods mostly
 * lie: 1,024 buckets resolve 0.0002 around a score of 0.01.
 */
final class SlidingScoreHistogram {

    static final int BUCKETS = 1024;
    /** A slot's epoch while the thread that opened it clears it. */
    private static final long CLEARING = Long.MIN_VALUE;
    /** The epoch of a slot never opened, and the time of the first score before one arrived. */
    private static final long NEVER = Long.MIN_VALUE + 1;

    private final long slotNanos;
    private final int windowSlots;
    private final int ring;
    private final AtomicLongArray counts;
    /** The epoch (time / slot length) whose counts each slot of the ring holds, or {@link #CLEARING}. */
    private final AtomicLongArray slotEpochs;
    private final AtomicLong firstNanos = new AtomicLong(NEVER);

    /** A window of {@code windowSlots} completed slots of {@code slotNanos} each. */
    SlidingScoreHistogram(long slotNanos, int windowSlots) {
        this.slotNanos = slotNanos;
        this.windowSlots = windowSlots;
        this.ring = windowSlots + 1;
        this.counts = new AtomicLongArray(ring * BUCKETS);
        this.slotEpochs = new AtomicLongArray(ring);
        for (int i = 0; i < ring; i++) {
            slotEpochs.set(i, NEVER);
        }
    }

    /** The slot number of time {@code nanos}: time divided by the slot length. */
    long epochOf(long nanos) {
        return Math.floorDiv(nanos, slotNanos);
    }

    /**
     * Counts {@code score} at time {@code nanos}; true when this call opened the slot of that time, which happens once
     * per slot, so the caller can read the window that just completed.
     */
    boolean record(double score, long nanos) {
        long epoch = epochOf(nanos);
        int slot = slotOf(epoch);
        long held = slotEpochs.get(slot);
        if (held == epoch) {
            counts.incrementAndGet(slot * BUCKETS + bucket(score));
            return false;
        }
        // A stale slot is reopened by exactly one thread; a slot being cleared, or already ahead (a caller whose
        // time was read before a faster one's), drops the score.
        if (held == CLEARING || held > epoch || !slotEpochs.compareAndSet(slot, held, CLEARING)) {
            return false;
        }
        int base = slot * BUCKETS;
        for (int b = 0; b < BUCKETS; b++) {
            counts.set(base + b, 0);
        }
        slotEpochs.set(slot, epoch);
        firstNanos.compareAndSet(NEVER, nanos);
        counts.incrementAndGet(base + bucket(score));
        return true;
    }

    /**
     * Adds the counts of the completed slots of the window ending where slot {@code epoch} begins into {@code into}
     * (one per bucket) and returns the nanoseconds of time they cover: the window, or less while the histogram is
     * younger.
     */
    long window(long epoch, long[] into) {
        for (int s = 0; s < ring; s++) {
            long held = slotEpochs.get(s);
            if (held != CLEARING && held < epoch && held >= epoch - windowSlots) {
                add(s, into);
            }
        }
        return covered((epoch - windowSlots) * slotNanos, epoch * slotNanos);
    }

    /**
     * Adds the counts of the slot being filled at time {@code nanos} into {@code into} and returns the nanoseconds it
     * covers up to then: for an estimate before the first slot completes.
     */
    long current(long nanos, long[] into) {
        long epoch = epochOf(nanos);
        int slot = slotOf(epoch);
        if (slotEpochs.get(slot) == epoch) {
            add(slot, into);
        }
        return covered(epoch * slotNanos, nanos);
    }

    /** The bucket of a score in [0, 1]. */
    static int bucket(double score) {
        return Math.min(BUCKETS - 1, Math.max(0, (int) (Math.sqrt(score) * BUCKETS)));
    }

    /** The score at position {@code position} in bucket units (bucket b spans [b, b + 1)). */
    static double scoreAt(double position) {
        double root = position / BUCKETS;
        return root * root;
    }

    private int slotOf(long epoch) {
        return (int) Math.floorMod(epoch, (long) ring);
    }

    private void add(int slot, long[] into) {
        int base = slot * BUCKETS;
        for (int b = 0; b < BUCKETS; b++) {
            into[b] += counts.get(base + b);
        }
    }

    /** The part of [from, to) after the first score. */
    private long covered(long from, long to) {
        long first = firstNanos.get();
        return first == NEVER ? 0 : Math.max(0, to - Math.max(from, first));
    }
}
