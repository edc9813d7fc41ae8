package io.sluice.service.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.service.ShedCounts;
import io.sluice.service.telemetry.ServingMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server-wide bound on unary Scorer calls: a call over it is refused RESOURCE_EXHAUSTED before its message is
 * read, a slot frees when a call ends or is cancelled, and the bound halves when callers give up and grows back as
 * calls are answered. The Scorer here only holds its calls, so "in flight" is set by the test, and time by its
 * ticker, not by timing.
 */
class UnaryCallLimitTest {

    private static final int LIMIT = 4;

    /** Messages the server parsed: a refused call's message must never be. */
    private final AtomicInteger parsed = new AtomicInteger();
    private final MethodDescriptor.Marshaller<byte[]> counting = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            parsed.incrementAndGet();
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private final MethodDescriptor<byte[], byte[]> score = raw(ScorerGrpc.getScoreMethod());
    private final MethodDescriptor<byte[], byte[]> stream = raw(ScorerGrpc.getScoreStreamMethod());
    private final BlockingQueue<ServerCallStreamObserver<byte[]>> held = new LinkedBlockingQueue<>();
    /** One permit per call that reached the service, and per call the service saw cancelled. */
    private final Semaphore reached = new Semaphore(0);
    private final Semaphore cancelled = new Semaphore(0);
    private final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
    private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metricReader).build();
    private final AtomicLong now = new AtomicLong();
    private final UnaryCallLimit limit = new UnaryCallLimit(LIMIT, "grpc.max-in-flight-calls",
            new ServingMetrics(meters.get("test"), Optional::empty), now::get);
    private final Server server;
    private final ManagedChannel channel;

    UnaryCallLimitTest() throws IOException {
        String name = InProcessServerBuilder.generateName();
        ServerServiceDefinition holdingScorer = ServerServiceDefinition.builder(ScorerGrpc.SERVICE_NAME)
                .addMethod(score, ServerCalls.asyncUnaryCall((request, responses) -> hold(responses)))
                .addMethod(stream, ServerCalls.asyncBidiStreamingCall(responses -> {
                    hold(responses);
                    return new StreamObserver<>() {
                        @Override
                        public void onNext(byte[] message) {
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    };
                }))
                .build();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(holdingScorer, limit))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        meters.close();
    }

    @Test
    void aCallOverTheLimitIsRefusedUnreadNamingTheSettingAndIsCountedAsShed() throws Exception {
        callsHeldByTheServer(LIMIT);

        Status refused = unaryCall().get(30, TimeUnit.SECONDS);

        assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getDescription()).isEqualTo("overloaded: too many calls in flight (at most 4, "
                + "grpc.max-in-flight-calls, fewer while callers give up on calls); retry on another replica");
        assertThat(parsed).hasValue(LIMIT);
        assertThat(held).hasSize(LIMIT);
        assertThat(shed(UnaryCallLimit.IN_FLIGHT)).isEqualTo(1);
    }

    @Test
    void aCallAnsweredFreesItsSlot() throws Exception {
        callsHeldByTheServer(LIMIT);
        ServerCallStreamObserver<byte[]> first = held.take();
        first.onNext(new byte[0]);
        first.onCompleted();

        callsHeldByTheServer(1);

        assertThat(shed(UnaryCallLimit.IN_FLIGHT)).isZero();
    }

    @Test
    void aCallTheClientCancelsFreesItsSlotAndHalvesTheBound() throws Exception {
        ClientCall<byte[], byte[]> gaveUp = heldCall();

        cancel(gaveUp);

        assertThat(limit.bound()).isEqualTo(LIMIT / 2);
        callsHeldByTheServer(LIMIT / 2);
        assertThat(unaryCall().get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void callsGivenUpWithinTheBackoffIntervalHalveTheBoundOnce() throws Exception {
        ClientCall<byte[], byte[]> first = heldCall();
        ClientCall<byte[], byte[]> second = heldCall();
        ClientCall<byte[], byte[]> third = heldCall();

        cancel(first);
        now.addAndGet(UnaryCallLimit.BACKOFF_INTERVAL.toNanos() - 1);
        cancel(second);
        assertThat(limit.bound()).isEqualTo(LIMIT / 2);

        now.addAndGet(1);
        cancel(third);
        assertThat(limit.bound()).isEqualTo(LIMIT / 4);
    }

    @Test
    void answeredCallsRaiseTheBoundBackToTheMaximumAndNoFurther() throws Exception {
        cancel(heldCall());
        assertThat(limit.bound()).isEqualTo(LIMIT / 2);
        held.clear();

        for (int i = 0; i < 4 * LIMIT; i++) {
            callsHeldByTheServer(1);
            ServerCallStreamObserver<byte[]> call = held.take();
            call.onNext(new byte[0]);
            call.onCompleted();
        }

        assertThat(limit.bound()).isEqualTo(LIMIT);
        callsHeldByTheServer(LIMIT);
        assertThat(unaryCall().get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void openStreamsTakeNoSlot() throws Exception {
        for (int i = 0; i < LIMIT + 1; i++) {
            ClientCalls.asyncBidiStreamingCall(channel.newCall(stream, CallOptions.DEFAULT),
                    statusInto(new CompletableFuture<>()));
            assertThat(reached.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
        }

        callsHeldByTheServer(LIMIT);

        assertThat(shed(UnaryCallLimit.IN_FLIGHT)).isZero();
    }

    /** A unary call the server holds, for the test to cancel. */
    private ClientCall<byte[], byte[]> heldCall() throws InterruptedException {
        ClientCall<byte[], byte[]> call = channel.newCall(score, CallOptions.DEFAULT);
        ClientCalls.asyncUnaryCall(call, new byte[0], statusInto(new CompletableFuture<>()));
        assertThat(reached.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
        return call;
    }

    /** Cancels {@code call} as a caller that gave up, and waits until the server has seen it. */
    private void cancel(ClientCall<byte[], byte[]> call) throws InterruptedException {
        call.cancel("caller gave up", null);
        assertThat(cancelled.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Makes {@code count} unary calls and waits until the server holds each of them. */
    private void callsHeldByTheServer(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            unaryCall();
            assertThat(reached.tryAcquire(30, TimeUnit.SECONDS)).as("call %d of %d reached the service", i + 1, count)
                    .isTrue();
        }
    }

    private CompletableFuture<Status> unaryCall() {
        CompletableFuture<Status> ended = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(score, CallOptions.DEFAULT), new byte[] {1}, statusInto(ended));
        return ended;
    }

    private void hold(StreamObserver<byte[]> responses) {
        ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) responses;
        call.setOnCancelHandler(cancelled::release);
        held.add(call);
        reached.release();
    }

    private static StreamObserver<byte[]> statusInto(CompletableFuture<Status> ended) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        };
    }

    private MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
        return method.toBuilder(counting, counting).build();
    }

    private long shed(String reason) {
        return ShedCounts.of(metricReader, reason);
    }
}
