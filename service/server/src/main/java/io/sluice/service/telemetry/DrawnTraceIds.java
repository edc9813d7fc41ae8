package io.sluice.service.telemetry;

import io.opentelemetry.contrib.awsxray.AwsXrayIdGenerator;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * X-Ray trace and span ids, where a new trace's id can be drawn before its root span starts: the sampler needs the
 * trace id to decide, and a call it leaves out should build nothing more. The SDK then starts the root span with the
 * id the sampler saw, so its own sampling repeats the same decision.
 */
final class DrawnTraceIds implements IdGenerator {

    private final IdGenerator ids = AwsXrayIdGenerator.getInstance();
    /** The id drawn for the root span this thread starts next, or null. */
    private final ThreadLocal<String> drawnForNextRoot = new ThreadLocal<>();

    /** A new trace id, not yet given to any span. */
    String draw() {
        return ids.generateTraceId();
    }

    /** Gives {@code traceId} to the next root span this thread starts. */
    void useForNextRoot(String traceId) {
        drawnForNextRoot.set(traceId);
    }

    @Override
    public String generateTraceId() {
        String drawn = drawnForNextRoot.get();
        if (drawn == null) {
            return ids.generateTraceId();
        }
        drawnForNextRoot.remove();
        return drawn;
    }

    @Override
    public String generateSpanId() {
        return ids.generateSpanId();
    }
}
