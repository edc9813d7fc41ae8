package io.sluice.service.store;

import java.time.Duration;

/**
 * What the updater last did about one pointer of the store (CURRENT or CANDIDATE): the value it acted on and, while
 * that value is refused, when to try it again. Polling acts when the value changes, so an admin action holds until
 * someone moves the pointer; a refused value is tried again after a wait that doubles from two poll intervals to
 * 30 minutes, so fixing its files in place is enough.
 */
final class PointerWatch {

    /** Whether a pointer's value is to be acted on now, and why. */
    enum Due {
        NO, CHANGED, RETRY
    }

    /** The longest wait before a refused value is tried again. */
    private static final Duration MAX_REFUSED_RETRY = Duration.ofMinutes(30);

    private final String role;
    private final Duration pollInterval;
    /** The value last acted on; "" for an absent or empty pointer. */
    private volatile String lastSeen;
    /** Set while the value last seen is refused: when to try it again, and the wait after that. */
    private volatile long refusedRetryAtNanos;
    private volatile Duration refusedRetry;

    /** {@code role} names what the pointer names in logs, e.g. "model" or "candidate model". */
    PointerWatch(String role, Duration pollInterval) {
        this.role = role;
        this.pollInterval = pollInterval;
    }

    String role() {
        return role;
    }

    /** Records {@code value} as acted on without asking (the first load). */
    void seen(String value) {
        lastSeen = value;
    }

    /** Whether {@code value} is due now: new since the last poll, or refused and its wait is over. */
    Due check(String value) {
        boolean changed = !value.equals(lastSeen);
        boolean retryDue = refusedRetry != null && System.nanoTime() - refusedRetryAtNanos >= 0;
        if (!changed && !retryDue) {
            return Due.NO;
        }
        lastSeen = value;
        return changed ? Due.CHANGED : Due.RETRY;
    }

    /** The value acted on took effect. */
    void succeeded() {
        refusedRetry = null;
    }

    /** The value acted on was refused; returns how long until it is due again. */
    Duration refused(Due due) {
        Duration wait = due == Due.CHANGED || refusedRetry == null ? pollInterval.multipliedBy(2)
                : min(refusedRetry.multipliedBy(2), MAX_REFUSED_RETRY);
        refusedRetry = wait;
        refusedRetryAtNanos = System.nanoTime() + wait.toNanos();
        return wait;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
