package io.sluice.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Client-side adaptive throttling of unary calls (the Google SRE book's "Handling Overload"): when the server has
 * recently accepted fewer than one call in K ({@link ThrottleSettings#acceptsMultiplier()}), refuse a share of new
 * ones in the caller, before they are sent, with RESOURCE_EXHAUSTED. Install one per server (or load-balanced set of servers) on its channel:
 * {@code ManagedChannelBuilder.intercept(AdaptiveThrottle.create(ThrottleSettings.DEFAULTS))}.
 *
 * <p>Why in the caller: Sluice refuses calls over its in-flight limit as soon as their headers are read, but even
 * that refusal costs the server a fifth to a half of an answer's CPU (reading the HTTP/2 frames, decoding headers,
 * writing trailers). At four times its capacity, refusing the excess alone takes most of a server's CPU, so it
 * answers almost nothing in time (BENCHMARKS.md, sets N and O). A call the caller never sends costs the server
 * nothing.
 *
 * <p>A call counts as accepted unless it ends RESOURCE_EXHAUSTED, UNAVAILABLE or DEADLINE_EXCEEDED; a call the
 * caller cancels does not count. Streaming calls pass through untouched: a stream's outcome comes too late to steer
 * by.
 */
public final class AdaptiveThrottle implements ClientInterceptor {

    private static final Status REFUSED = Status.RESOURCE_EXHAUSTED.withDescription("throttled in the client, not "
            + "sent: the server refused or missed too many recent calls (sluice AdaptiveThrottle)");

    private final double acceptsMultiplier;
    private final RecentAnswers answers;
    private final DoubleSupplier random;

    AdaptiveThrottle(ThrottleSettings settings, LongSupplier clock, DoubleSupplier random) {
        this.acceptsMultiplier = settings.acceptsMultiplier();
        this.answers = new RecentAnswers(settings, clock);
        this.random = random;
    }

    /** A throttle weighing the server's answers as {@code settings} say, on the system clock. */
    public static AdaptiveThrottle create(ThrottleSettings settings) {
        return new AdaptiveThrottle(settings, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Whether {@code status} ended a call that a throttle refused in the client, before sending it: count those
     * apart from the server's own refusals.
     */
    public static boolean refusedInClient(Status status) {
        return status.getCode() == REFUSED.getCode() && REFUSED.getDescription().equals(status.getDescription());
    }

    /** The share of new unary calls this throttle refuses now. */
    public double refusalProbability() {
        return answers.refusalProbability(acceptsMultiplier);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            return next.newCall(method, options);
        }
        if (random.getAsDouble() < refusalProbability()) {
            answers.record(false);
            return new RefusedCall<>();
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (status.getCode() != Status.Code.CANCELLED) {
                            answers.record(accepted(status.getCode()));
                        }
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }

    private static boolean accepted(Status.Code code) {
        return code != Status.Code.RESOURCE_EXHAUSTED && code != Status.Code.UNAVAILABLE
                && code != Status.Code.DEADLINE_EXCEEDED;
    }

    /**
     * A call closed as soon as it is started, without reaching the channel: its listener hears of it on the caller's
     * thread, as with grpc-java's own calls that fail before they start.
     */
    private static final class RefusedCall<Q, R> extends ClientCall<Q, R> {

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(REFUSED, new Metadata());
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void cancel(String message, Throwable cause) {
        }

        @Override
        public void halfClose() {
        }

        @Override
        public void sendMessage(Q message) {
        }
    }
}
