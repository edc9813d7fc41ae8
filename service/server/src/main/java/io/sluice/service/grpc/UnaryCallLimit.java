package io.sluice.service.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.service.telemetry.ServingMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the unary {@code Scorer} calls in flight on the whole server, across connections: a call over the limit is
 * answered RESOURCE_EXHAUSTED as soon as its headers are read, before its message is requested, parsed or queued.
 *
 * <p>Why in the transport: when the CPU is short, the calls that miss their deadline wait in the event loop and the
 * socket, before {@link ScoringAdmission} sees them. An answer costs the event loop the call's whole write; a
 * refusal here costs only a trailers-only frame. Counted in {@code sluice_requests_shed_total{reason="in_flight"}}.
 * A {@code ScoreStream} is bounded by its own window and the per-connection stream limit instead: a stream lives
 * for minutes and would hold a slot all that time.
 */
public final class UnaryCallLimit implements ServerInterceptor {

    static final String IN_FLIGHT = "in_flight";

    private final int limit;
    private final ServingMetrics metrics;
    private final Status refusal;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** At most {@code limit} unary Scorer calls at once; refusals counted in {@code metrics}. */
    public UnaryCallLimit(int limit, String setting, ServingMetrics metrics) {
        if (limit < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.metrics = metrics;
        this.refusal = Status.RESOURCE_EXHAUSTED.withDescription("overloaded: " + limit + " calls already in flight ("
                + setting + "); retry on another replica");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() != MethodType.UNARY
                || !ScorerGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            metrics.recordShed(IN_FLIGHT);
            call.close(refusal, new Metadata());
            return new ServerCall.Listener<>() { };
        }
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException | Error e) {
            inFlight.decrementAndGet();
            throw e;
        }
        // grpc-java ends every call with exactly one of onComplete and onCancel; the slot is free before the service
        // hears of it.
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                inFlight.decrementAndGet();
                super.onComplete();
            }

            @Override
            public void onCancel() {
                inFlight.decrementAndGet();
                super.onCancel();
            }
        };
    }

    /** Unary Scorer calls started and not yet ended. */
    public int inFlight() {
        return inFlight.get();
    }
}
