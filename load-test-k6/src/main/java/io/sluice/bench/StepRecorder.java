package io.sluice.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Outcomes of one load step, recorded from any thread. Latency is measured from each request's <em>intended</em>
 * send time, not from when it was actually sent: a stalled server delays the sends behind it, and that wait is
 * part of the latency callers see (no coordinated omission).
 */
public final class StepRecorder {

    /** Latencies above this are clamped; nothing in a bounded step can legitimately take longer. */
    private static final long HIGHEST_TRACKABLE_NANOS = 120_000_000_000L;

    /** The status of a call the server refused because it was overloaded: such a refusal must come fast. */
    static final String REFUSED = "RESOURCE_EXHAUSTED";
    /** A call the caller's own throttle refused before sending it (sluice-client's {@code AdaptiveThrottle}). */
    static final String THROTTLED = "THROTTLED_IN_CLIENT";

    private final Recorder latencies = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
    private final Recorder refusalLatencies = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
    private final Recorder throttleLatencies = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean ended;

    /** Marks a request as sent; every call is later matched by {@link #succeeded} or {@link #failed}. */
    public void sent() {
        inFlight.incrementAndGet();
    }

    /** A request the generator could not send because too many were outstanding; it counts as failed. */
    public void dropped() {
        dropped.increment();
    }

    /** A successful response to the request intended at {@code intendedNanos} ({@link System#nanoTime}). */
    public void succeeded(long intendedNanos) {
        latencies.recordValue(Math.min(HIGHEST_TRACKABLE_NANOS, Math.max(0, System.nanoTime() - intendedNanos)));
        succeeded.increment();
        inFlight.decrementAndGet();
    }

    /** A failed request; {@code reason} is a status code name such as RESOURCE_EXHAUSTED. */
    public void failed(String reason) {
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
        inFlight.decrementAndGet();
    }

    /**
     * A failed request intended at {@code intendedNanos}; when the server refused it as overloaded ({@value
     * #REFUSED}) or the client's throttle did ({@value #THROTTLED}), how long the refusal took is kept too.
     */
    public void failed(String reason, long intendedNanos) {
        long nanos = Math.min(HIGHEST_TRACKABLE_NANOS, Math.max(0, System.nanoTime() - intendedNanos));
        if (REFUSED.equals(reason)) {
            refusalLatencies.recordValue(nanos);
        } else if (THROTTLED.equals(reason)) {
            throttleLatencies.recordValue(nanos);
        }
        failed(reason);
    }

    /** Requests sent and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Successful requests so far. */
    public long succeededCount() {
        return succeeded.sum();
    }

    /** Requests dropped by the generator so far. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Failure counts by reason, sorted by reason. */
    public Map<String, Long> failureCounts() {
        Map<String, Long> counts = new TreeMap<>();
        failures.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /** Ends the step: requests still queued in the generator are no longer sent (see {@link #ended()}). */
    public void end() {
        ended = true;
    }

    /** Whether the step has ended. */
    public boolean ended() {
        return ended;
    }

    /** The latencies of successful requests since the previous call, in nanoseconds; call once per step. */
    public Histogram latencyHistogram() {
        return latencies.getIntervalHistogram();
    }

    /** The latencies of {@value #REFUSED} answers since the previous call, in nanoseconds; call once per step. */
    public Histogram refusalLatencyHistogram() {
        return refusalLatencies.getIntervalHistogram();
    }

    /** The latencies of {@value #THROTTLED} refusals since the previous call, in nanoseconds; call once per step. */
    public Histogram throttleLatencyHistogram() {
        return throttleLatencies.getIntervalHistogram();
    }
}
