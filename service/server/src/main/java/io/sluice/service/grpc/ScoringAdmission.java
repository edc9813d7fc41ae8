package io.sluice.service.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.sluice.service.config.ValueTypes;
import io.sluice.service.telemetry.ServingMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decides, before a Scorer request is parsed, whether the {@link ScoringPool} can still score it in time. A request
 * is refused RESOURCE_EXHAUSTED when a standing queue makes work wait longer than {@code scoring.max-queue-delay}
 * for a scoring thread (see {@link ScoringPool#standingQueueDelayNanos()}: a burst after a pause is not refused),
 * or when work waits longer than the call's remaining deadline. Without it an overloaded server fills its queue
 * with work it starts only after the caller's deadline passed, and so answers almost nothing in time; with it, the
 * queue holds at most about the budget's worth of work and the excess costs a prebuilt refusal.
 */
public final class ScoringAdmission {

    static final String QUEUE_FULL = "queue_full";
    static final String QUEUE_DELAY = "queue_delay";
    static final String DEADLINE = "deadline";
    /** Waits named in refusals are whole milliseconds up to this; longer ones are named "over" it. */
    private static final int MAX_NAMED_WAIT_MILLIS = 1000;

    private final ScoringPool pool;
    private final ServingMetrics metrics;
    private final String budget;
    private final ScoringRefusal queueFull;
    /** Refusals by the whole milliseconds of wait they name, built the first time each is needed. */
    private final AtomicReferenceArray<ScoringRefusal> overBudget = new AtomicReferenceArray<>(
            MAX_NAMED_WAIT_MILLIS + 1);
    private final AtomicReferenceArray<ScoringRefusal> overDeadline = new AtomicReferenceArray<>(
            MAX_NAMED_WAIT_MILLIS + 1);

    /** Admission to {@code pool} while it has no standing queue over its target; refusals counted in metrics. */
    public ScoringAdmission(ScoringPool pool, ServingMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
        this.budget = ValueTypes.formatDuration(pool.target());
        this.queueFull = ScoringRefusal.of(QUEUE_FULL, "overloaded: the scoring queue is full (" + pool.maxQueued()
                + " requests, scoring.max-queued-requests); retry on another replica");
    }

    /**
     * The refusal for a request of the current call, or null when it may be queued. Reads the call's deadline from
     * the current gRPC context, so it runs on the call's thread.
     */
    ScoringRefusal refusal() {
        long waitNanos = pool.queueDelayNanos();
        if (waitNanos == 0) {
            return null;
        }
        ScoringRefusal refusal = null;
        if (pool.standingQueueDelayNanos() > 0) {
            refusal = named(overBudget, waitNanos, QUEUE_DELAY,
                    "over the " + budget + " budget (scoring.max-queue-delay)");
        } else {
            Deadline deadline = Context.current().getDeadline();
            if (deadline != null && deadline.timeRemaining(TimeUnit.NANOSECONDS) < waitNanos) {
                refusal = named(overDeadline, waitNanos, DEADLINE, "longer than this call's deadline leaves");
            }
        }
        if (refusal != null) {
            metrics.recordShed(refusal.reason());
        }
        return refusal;
    }

    /** The refusal for a request the pool did not take because its queue was full (counted). */
    ScoringRefusal queueFull() {
        metrics.recordShed(QUEUE_FULL);
        return queueFull;
    }

    private static ScoringRefusal named(AtomicReferenceArray<ScoringRefusal> byMillis, long waitNanos, String reason,
                                        String comparison) {
        int millis = (int) Math.min(MAX_NAMED_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(waitNanos));
        ScoringRefusal refusal = byMillis.get(millis);
        if (refusal == null) {
            String wait = millis < MAX_NAMED_WAIT_MILLIS ? millis + " ms" : "over " + MAX_NAMED_WAIT_MILLIS + " ms";
            refusal = ScoringRefusal.of(reason, "overloaded: requests wait " + wait + " for a scoring thread, "
                    + comparison + "; retry on another replica");
            byMillis.set(millis, refusal);
        }
        return refusal;
    }
}
