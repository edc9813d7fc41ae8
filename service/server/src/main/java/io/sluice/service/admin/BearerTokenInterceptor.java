package io.sluice.service.admin;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Iterator;

/**
 * Admits a call only with exactly one {@code authorization: Bearer <token>} header (UNAUTHENTICATED otherwise),
 * compared in constant time; a peer with {@value #MAX_FAILURES} failures within {@link #FAILURE_WINDOW} is refused
 * with RESOURCE_EXHAUSTED until the window has passed.
 */
public final class BearerTokenInterceptor implements ServerInterceptor {

    static final int MAX_FAILURES = 10;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String PREFIX = "Bearer ";

    private final byte[] expected;
    private final AuthFailureThrottle throttle = new AuthFailureThrottle(MAX_FAILURES, FAILURE_WINDOW, System::nanoTime);

    public BearerTokenInterceptor(String token) {
        this.expected = (PREFIX + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String peer = peerOf(call);
        Duration wait = throttle.retryAfter(peer);
        if (!wait.isZero()) {
            return refuse(call, Status.RESOURCE_EXHAUSTED.withDescription("too many failed ModelAdmin "
                    + "authentications from this address; retry after " + (wait.toSeconds() + 1) + "s"));
        }
        if (!hasExactlyTheToken(headers)) {
            throttle.failed(peer);
            return refuse(call, Status.UNAUTHENTICATED.withDescription("ModelAdmin needs exactly one authorization "
                    + "header with a valid bearer token"));
        }
        return next.startCall(call, headers);
    }

    /** One header only: with several, a proxy and this server could each read a different one. */
    private boolean hasExactlyTheToken(Metadata headers) {
        Iterable<String> values = headers.getAll(AUTHORIZATION);
        if (values == null) {
            return false;
        }
        Iterator<String> presented = values.iterator();
        String first = presented.next();
        return !presented.hasNext() && MessageDigest.isEqual(expected, first.getBytes(StandardCharsets.UTF_8));
    }

    private static String peerOf(ServerCall<?, ?> call) {
        SocketAddress address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static <Q> ServerCall.Listener<Q> refuse(ServerCall<Q, ?> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
