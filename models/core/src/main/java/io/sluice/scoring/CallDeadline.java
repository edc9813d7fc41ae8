package io.sluice.scoring;

import java.time.Duration;

/** The instant by which a call must be answered, on the {@link System#nanoTime()} clock; {@link #NONE} for none. */
public final class CallDeadline {

    /** No deadline: the call may take as long as it needs. */
    public static final CallDeadline NONE = new CallDeadline(0, false);

    private final long nanoTime;
    private final boolean bounded;

    private CallDeadline(long nanoTime, boolean bounded) {
        this.nanoTime = nanoTime;
        this.bounded = bounded;
    }

    /** A deadline {@code budget} from now. */
    public static CallDeadline after(Duration budget) {
        return afterNanos(budget.toNanos());
    }

    /** A deadline {@code nanos} from now (negative: already passed). */
    public static CallDeadline afterNanos(long nanos) {
        return new CallDeadline(System.nanoTime() + nanos, true);
    }

    /** Whether the deadline has passed. */
    public boolean isExpired() {
        return bounded && System.nanoTime() - nanoTime >= 0;
    }
}
