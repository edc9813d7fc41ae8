package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.service.grpc.ByteArrayMarshaller;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OverloadTest {

    /** A service other than Scorer whose calls hold a gRPC worker thread until the test lets them go. */
    private static final MethodDescriptor<byte[], byte[]> HOLD = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Holding", "Hold"))
            .setRequestMarshaller(ByteArrayMarshaller.INSTANCE)
            .setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
            .build();

    @Test
    void scorerCallsAreAnsweredWhileEveryGrpcWorkerThreadIsBusy() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerServiceDefinition holdingService = ServerServiceDefinition.builder("test.Holding")
                .addMethod(HOLD, ServerCalls.asyncUnaryCall((request, responses) -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    responses.onNext(request);
                    responses.onCompleted();
                }))
                .build();
        String name = InProcessServerBuilder.generateName();
        SluiceServer server = new SluiceServer(RunningServer.config(Map.of("grpc.executor-threads", "1")),
                () -> InProcessServerBuilder.forName(name).addService(holdingService));
        server.start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
            server.loadConfiguredModel();
            ClientCalls.futureUnaryCall(channel.newCall(HOLD, CallOptions.DEFAULT), new byte[] {1});
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

            ScoreResponse response = ScorerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .score(Requests.scoreRequest("while-workers-are-busy", "3358"));

            assertThat(response.getScoresCount()).isPositive();
        } finally {
            release.countDown();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.stop();
        }
    }

    @Test
    void burstBeyondTheQueueIsShedWithResourceExhaustedAndTheRestIsScored() throws Exception {
        // The per-request DL4J path on one thread with a queue of 4 cannot absorb 300 simultaneous calls.
        try (RunningServer running = RunningServer.inProcess(Map.of("model.inference", "dl4j",
                "model.dl4j-pool-size", "1", "scoring.threads", "1", "scoring.max-queued-requests", "4",
                "model.warmup-passes", "5"))) {
            int calls = 300;
            Map<Status.Code, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(calls);
            ScorerGrpc.ScorerStub scorer = ScorerGrpc.newStub(running.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            for (int i = 0; i < calls; i++) {
                scorer.score(Requests.scoreRequest("burst-" + i, "3358"), new StreamObserver<>() {
                    @Override
                    public void onNext(ScoreResponse response) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        outcomes.computeIfAbsent(Status.fromThrowable(t).getCode(), c -> new AtomicInteger())
                                .incrementAndGet();
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        outcomes.computeIfAbsent(Status.Code.OK, c -> new AtomicInteger()).incrementAndGet();
                        done.countDown();
                    }
                });
            }

            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(outcomes.keySet()).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
            assertThat(outcomes.get(Status.Code.OK).get()).isPositive();
            assertThat(outcomes.get(Status.Code.RESOURCE_EXHAUSTED).get()).isPositive();
        }
    }
}
