package io.sluice.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one constant-rate step measured. Latencies are of successful requests, from intended send time, in
 * milliseconds.
 *
 * @param offeredPerSecond   the constant arrival rate offered
 * @param seconds            the step's scheduled length
 * @param intended           requests the schedule called for
 * @param succeeded          successful answers
 * @param dropped            requests not sent because the generator's in-flight limit was reached
 * @param unfinished         requests still unanswered when the drain time ran out
 * @param failures           failed requests by status code
 * @param succeededPerSecond successful answers per scheduled second
 * @param goodputPerSecond   successful answers within the deadline, per scheduled second
 * @param refusedP99Ms       p99 of the time to a RESOURCE_EXHAUSTED answer (from intended send), 0 with none
 * @param throttledP99Ms     p99 of the time to a refusal by the caller's own throttle, 0 with none
 */
public record StepResult(double offeredPerSecond, double seconds, long intended, long succeeded, long dropped,
                         long unfinished, Map<String, Long> failures, double succeededPerSecond,
                         double goodputPerSecond, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
                         double maxMs, double refusedP99Ms, double throttledP99Ms) {

    private static final double NANOS_PER_MILLI = 1e6;

    /** Summarises a finished step. */
    static StepResult of(double offeredPerSecond, double seconds, long intended, StepRecorder recorder,
                         long deadlineNanos) {
        Histogram latency = recorder.latencyHistogram();
        long succeeded = recorder.succeededCount();
        long inDeadline = latency.getTotalCount() == 0 ? 0 : latency.getCountBetweenValues(0, deadlineNanos);
        return new StepResult(offeredPerSecond, seconds, intended, succeeded, recorder.droppedCount(),
                recorder.inFlight(), recorder.failureCounts(), succeeded / seconds, inDeadline / seconds,
                percentile(latency, 50), percentile(latency, 90), percentile(latency, 99), percentile(latency, 99.9),
                latency.getMaxValue() / NANOS_PER_MILLI, percentile(recorder.refusalLatencyHistogram(), 99),
                percentile(recorder.throttleLatencyHistogram(), 99));
    }

    private static double percentile(Histogram latency, double percentile) {
        return latency.getValueAtPercentile(percentile) / NANOS_PER_MILLI;
    }

    /** The server kept up: nearly every request succeeded and latency did not grow into a queue. */
    public boolean sustained(double completionRatio, double p99LimitMs) {
        return intended > 0 && succeeded >= completionRatio * intended && p99Ms <= p99LimitMs;
    }
}
