package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.api.v1.ScorerGrpc;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Behind an L4 load balancer a client keeps one HTTP/2 connection for as long as it can, so new instances get no
 * traffic: {@code grpc.max-connection-age} makes the server ask clients to reconnect, and that must cost no call.
 */
class MaxConnectionAgeTest {

    private static final int CALLERS = 4;
    private static final int CONNECTIONS_TO_SEE = 3;
    /** Enough calls that many are in flight when the server sends GOAWAY. */
    private static final int MIN_CALLS = 1_000;
    private static final int MAX_CALLS = 20_000;
    private static final long MAX_LOOP_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void clientsReconnectWhenTheirConnectionAgesOutWithoutAnyFailedCall() throws Exception {
        // 1s is the shortest age grpc-java accepts; the grace is long so calls in flight at GOAWAY finish.
        try (RunningServer running = RunningServer.start(Map.of("thrift.enabled", "false",
                "grpc.max-connection-age", "1s", "grpc.max-connection-age-grace", "10s"))) {
            Set<SocketAddress> connections = ConcurrentHashMap.newKeySet();
            Channel channel = ClientInterceptors.intercept(running.channel, new LocalAddressRecorder(connections));
            ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(channel);
            AtomicInteger calls = new AtomicInteger();
            List<Status> failures = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();

            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                loops.add(callers.submit(() -> {
                    while ((connections.size() < CONNECTIONS_TO_SEE || calls.get() < MIN_CALLS)
                            && calls.incrementAndGet() <= MAX_CALLS && System.nanoTime() - started < MAX_LOOP_NANOS) {
                        try {
                            scorer.withDeadlineAfter(10, TimeUnit.SECONDS)
                                    .score(Requests.scoreRequest("age-" + calls.get(), "3358"));
                        } catch (StatusRuntimeException e) {
                            failures.add(e.getStatus());
                        }
                    }
                }));
            }
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
            callers.shutdown();

            assertThat(connections).as("client connections (local addresses) seen in %d calls", calls.get())
                    .hasSizeGreaterThanOrEqualTo(CONNECTIONS_TO_SEE);
            assertThat(failures).as("failed calls").isEmpty();
        }
    }

    /** Records the client-side socket address of the connection each call ran on: a new address is a new connection. */
    private static final class LocalAddressRecorder implements ClientInterceptor {

        private final Set<SocketAddress> seen;

        LocalAddressRecorder(Set<SocketAddress> seen) {
            this.seen = seen;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    ClientCall<Q, R> call = this;
                    super.start(new SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onHeaders(Metadata responseHeaders) {
                            SocketAddress local = call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
                            if (local != null) {
                                seen.add(local);
                            }
                            super.onHeaders(responseHeaders);
                        }
                    }, headers);
                }
            };
        }
    }
}
