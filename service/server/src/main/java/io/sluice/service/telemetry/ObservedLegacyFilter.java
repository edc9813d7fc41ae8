package io.sluice.service.telemetry;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.sluice.compat.thrift.LegacyCallFailure;
import io.sluice.compat.thrift.LegacyFilterHandler;
import io.sluice.service.grpc.ScoringStatus;
import io.sluice.service.telemetry.ServingMetrics.Protocol;

/**
 * The legacy {@code filter} call wrapped in a server span and call metrics. The span is a trace root: the legacy
 * protocol carries no trace headers. It wraps the handler rather than the Thrift processor because a processor
 * call starts by blocking on the connection for the next message, which would time the client's idle gaps.
 *
 * <p>The span starts as gRPC's do ({@link ServerSpans}): the sampler decides first, so a call it leaves out builds no
 * span, and with tracing off a call asks nothing at all; its attributes are set, and it is made current, only when it
 * records. (Nothing downstream of an unsampled legacy call reads the trace context: its child spans would not start,
 * and it calls out to nothing.)
 */
public final class ObservedLegacyFilter implements BidRequestFilter.Iface {

    /** Span name and metric method, shaped like gRPC's service/method names. */
    public static final String METHOD = "BidRequestFilter/filter";

    private final LegacyFilterHandler handler;
    private final ServerSpans spans;
    private final ServingMetrics metrics;

    /** {@code handler}'s calls traced with {@code telemetry}'s server spans and counted in {@code metrics}. */
    public ObservedLegacyFilter(LegacyFilterHandler handler, Telemetry telemetry, ServingMetrics metrics) {
        this(handler, telemetry.serverSpans(), metrics);
    }

    ObservedLegacyFilter(LegacyFilterHandler handler, ServerSpans spans, ServingMetrics metrics) {
        this.handler = handler;
        this.spans = spans;
        this.metrics = metrics;
    }

    /** The status a failed legacy call is counted under, as a gRPC call with the same failure would be. */
    public static Status.Code statusOf(LegacyCallFailure failure) {
        return failure.reason().map(ScoringStatus::codeOf).orElse(Status.Code.INTERNAL);
    }

    @Override
    public BidResponse filter(BidRequest request) throws LegacyCallFailure {
        long started = System.nanoTime();
        Span span = spans.start(Context.root(), METHOD);
        boolean recording = span.isRecording();
        if (recording) {
            span.setAttribute(SpanAttributes.RPC_SYSTEM, "apache_thrift")
                    .setAttribute(SpanAttributes.RPC_SERVICE, BidRequestFilter.class.getName())
                    .setAttribute(SpanAttributes.RPC_METHOD, "filter");
        }
        Status.Code status = Status.Code.OK;
        Scope scope = recording ? span.makeCurrent() : Scope.noop();
        try {
            return handler.filter(request);
        } catch (LegacyCallFailure e) {
            status = statusOf(e);
            throw e;
        } finally {
            scope.close();
            metrics.recordCall(Protocol.THRIFT, METHOD, status, System.nanoTime() - started);
            if (recording) {
                span.setAttribute(SpanAttributes.STATUS_CODE, status.name());
                if (SpanAttributes.isServerFault(status)) {
                    span.setStatus(StatusCode.ERROR, status.name());
                }
            }
            span.end();
        }
    }
}
