package io.sluice.service.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * Starts a child of the current span only when that span is sampled, so a request that is not traced (tracing
 * off, or not picked by the sampler) pays for no span objects on the scoring path.
 */
public final class ChildSpans {

    private final Tracer tracer;

    public ChildSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A started child span of the current span, or the invalid (no-op) span when the current one is not sampled. */
    public Span start(String name) {
        return Span.current().getSpanContext().isSampled() ? tracer.spanBuilder(name).startSpan() : Span.getInvalid();
    }
}
