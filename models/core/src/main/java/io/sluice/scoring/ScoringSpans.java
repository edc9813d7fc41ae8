package io.sluice.scoring;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * Child spans around the scoring stages. A child starts only when the current span is sampled, so a request that
 * is not traced (tracing off, or not picked by the sampler) pays for no span objects on the scoring path.
 */
public final class ScoringSpans {

    /** Version of the model that produced the scores. */
    public static final AttributeKey<String> MODEL_VERSION = AttributeKey.stringKey("sluice.model.version");
    /** Partners scored for one request. */
    public static final AttributeKey<Long> PARTNER_COUNT = AttributeKey.longKey("sluice.partner.count");

    private final Tracer tracer;

    public ScoringSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A started child span of the current span, or the invalid (no-op) span when the current one is not sampled. */
    public Span start(String name) {
        return Span.current().getSpanContext().isSampled() ? tracer.spanBuilder(name).startSpan() : Span.getInvalid();
    }
}
