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
import io.sluice.shaping.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the unary {@code Scorer} calls in flight on the whole server, across connections: a call over the bound is
 * answered RESOURCE_EXHAUSTED as soon as its headers are read, before its message is requested, parsed or queued.
 *
 * <p>Why in the transport: when the CPU is short, the calls that miss their deadline wait in the event loop and the
 * socket, before {@link ScoringAdmission} sees them. An answer costs the event loop the call's whole write; a
 * refusal here costs only a trailers-only frame. Counted in {@code sluice_requests_shed_total{reason="in_flight"}}.
 * A {@code ScoreStream} is bounded by its own window and the per-connection stream limit instead: a stream lives
 * for minutes and would hold a slot all that time.
 *
 * <p>The bound adapts, as TCP's window does: it halves, at most once per {@link #BACKOFF_INTERVAL}, when a caller
 * gives up on an admitted call (most often because its deadline passed), and grows back by one for each bound's
 * worth of calls answered, up to the configured maximum. A call's wait in the socket, before its headers are read,
 * shows on no server-side clock; its caller's cancellation is the only sign of it. With a fixed bound a server
 * short of CPU keeps admitting calls whose callers have already given up, spends its CPU answering them, and so
 * answers almost nothing in time.
 */
public final class UnaryCallLimit implements ServerInterceptor {

    static final String IN_FLIGHT = "in_flight";
    /** The shortest time between two halvings: one burst of cancellations halves the bound once. */
    static final Duration BACKOFF_INTERVAL = Duration.ofMillis(100);
    private static final long BACKOFF_NANOS = BACKOFF_INTERVAL.toNanos();

    private final int maximum;
    private final ServingMetrics metrics;
    private final Ticker ticker;
    private final Status refusal;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object adapting = new Object();
    /** Written under {@link #adapting}; read without it on every call. */
    private volatile double bound;
    private long lastHalvedNanos;

    /**
     * At most {@code maximum} unary Scorer calls at once, fewer while callers give up on them; refusals counted in
     * {@code metrics}, time read from {@code ticker}.
     */
    public UnaryCallLimit(int maximum, String setting, ServingMetrics metrics, Ticker ticker) {
        if (maximum < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, got " + maximum);
        }
        this.maximum = maximum;
        this.metrics = metrics;
        this.ticker = ticker;
        this.bound = maximum;
        this.lastHalvedNanos = ticker.nanos() - BACKOFF_NANOS;
        this.refusal = Status.RESOURCE_EXHAUSTED.withDescription("overloaded: too many calls in flight (at most "
                + maximum + ", " + setting + ", fewer while callers give up on calls); retry on another replica");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() != MethodType.UNARY
                || !ScorerGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        if (inFlight.incrementAndGet() > bound) {
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
                answered();
                super.onComplete();
            }

            @Override
            public void onCancel() {
                inFlight.decrementAndGet();
                givenUp();
                super.onCancel();
            }
        };
    }

    /** Unary Scorer calls started and not yet ended. */
    public int inFlight() {
        return inFlight.get();
    }

    /** How many calls may be in flight now: the configured maximum, or less while callers give up on calls. */
    public int bound() {
        return (int) bound;
    }

    private void answered() {
        if (bound < maximum) {
            synchronized (adapting) {
                bound = Math.min(maximum, bound + 1 / bound);
            }
        }
    }

    private void givenUp() {
        long now = ticker.nanos();
        synchronized (adapting) {
            if (now - lastHalvedNanos >= BACKOFF_NANOS) {
                bound = Math.max(1, bound / 2);
                lastHalvedNanos = now;
            }
        }
    }
}
