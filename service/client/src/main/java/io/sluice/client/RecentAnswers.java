package io.sluice.client;

import java.util.function.LongSupplier;

/**
 * Calls and the calls among them the server accepted, over a sliding window of time kept in fixed slices: the
 * throttle's memory of how the server has been answering.
 */
final class RecentAnswers {

    private final long sliceNanos;
    private final LongSupplier clock;
    private final long[] calls = new long[ThrottleSettings.SLICES];
    private final long[] accepted = new long[ThrottleSettings.SLICES];
    /** The number of the slice the newest counts went to: time / slice length. */
    private long newestSlice;
    private long callsInWindow;
    private long acceptedInWindow;

    /** Counts over {@code settings}' window, with time from {@code clock} in nanoseconds. */
    RecentAnswers(ThrottleSettings settings, LongSupplier clock) {
        this.sliceNanos = settings.window().toNanos() / ThrottleSettings.SLICES;
        this.clock = clock;
        this.newestSlice = Math.floorDiv(clock.getAsLong(), sliceNanos);
    }

    /** Counts one call, accepted by the server or not (refused, late, unreachable, or never sent). */
    synchronized void record(boolean wasAccepted) {
        int slice = advance();
        calls[slice]++;
        callsInWindow++;
        if (wasAccepted) {
            accepted[slice]++;
            acceptedInWindow++;
        }
    }

    /**
     * The share of new calls to refuse before sending, max(0, (calls - K accepted) / (calls + 1)): zero while the
     * server accepts at least one call in K, rising towards 1 as it accepts fewer.
     */
    synchronized double refusalProbability(double acceptsMultiplier) {
        advance();
        return Math.max(0, (callsInWindow - acceptsMultiplier * acceptedInWindow) / (callsInWindow + 1));
    }

    /** Forgets the slices that have aged out of the window; returns the index of the current slice. */
    private int advance() {
        long now = Math.floorDiv(clock.getAsLong(), sliceNanos);
        long aged = Math.min(now - newestSlice, ThrottleSettings.SLICES);
        for (long i = 1; i <= aged; i++) {
            int slice = index(newestSlice + i);
            callsInWindow -= calls[slice];
            acceptedInWindow -= accepted[slice];
            calls[slice] = 0;
            accepted[slice] = 0;
        }
        newestSlice = Math.max(newestSlice, now);
        return index(newestSlice);
    }

    private static int index(long slice) {
        return (int) Math.floorMod(slice, (long) ThrottleSettings.SLICES);
    }
}
