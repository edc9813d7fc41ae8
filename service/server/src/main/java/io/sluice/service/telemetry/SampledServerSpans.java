package io.sluice.service.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;

/**
 * Server spans for tracing on: the configured sampler is asked first, so that a call it leaves out builds no span,
 * span id or span context: it costs the sampler's decision, plus a trace id when the call has no parent.
 */
final class SampledServerSpans implements ServerSpans {

    private final Tracer tracer;
    private final Sampler sampler;
    private final DrawnTraceIds ids;

    /** {@code tracer}'s provider must sample with {@code sampler} and take its ids from {@code ids}. */
    SampledServerSpans(Tracer tracer, Sampler sampler, DrawnTraceIds ids) {
        this.tracer = tracer;
        this.sampler = sampler;
        this.ids = ids;
    }

    @Override
    public Span start(Context parent, String name) {
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        boolean root = !parentSpan.isValid();
        String traceId = root ? ids.draw() : parentSpan.getTraceId();
        if (sampler.shouldSample(parent, traceId, name, SpanKind.SERVER, Attributes.empty(), List.of()).getDecision()
                == SamplingDecision.DROP) {
            return Span.getInvalid();
        }
        if (root) {
            ids.useForNextRoot(traceId);
        }
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
    }
}
