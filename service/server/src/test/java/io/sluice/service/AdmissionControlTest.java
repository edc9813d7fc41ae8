package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ScoringService;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.grpc.ByteArrayMarshaller;
import io.sluice.service.grpc.ScorerGrpcService;
import io.sluice.service.grpc.ScoringAdmission;
import io.sluice.service.grpc.ScoringPool;
import io.sluice.service.telemetry.ServingMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admission control of the Scorer service: while the scoring queue already makes work late, requests are refused
 * RESOURCE_EXHAUSTED before they are parsed, and admitted again once the queue has drained. The pool's single
 * thread is held by a test task and its queue's clock is a test ticker, so "late" is set, not waited for.
 */
class AdmissionControlTest {

    private static final Duration BUDGET = Duration.ofMillis(10);
    /** Bytes that are no protobuf message: a field tag with the invalid wire type 7. */
    private static final byte[] MALFORMED = {(byte) 0x0f};
    private static final MethodDescriptor<byte[], byte[]> RAW_SCORE = raw(ScorerGrpc.getScoreMethod());
    private static final MethodDescriptor<byte[], byte[]> RAW_BATCH = raw(ScorerGrpc.getScoreBatchMethod());

    private static SluiceConfig config;
    private static ModelRegistry models;

    private final AtomicLong nanos = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch queuedWorkDone = new CountDownLatch(1);
    private final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
    private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metricReader).build();
    private ScoringPool pool;
    private Server server;
    private ManagedChannel channel;

    @BeforeAll
    static void loadModel() throws Exception {
        config = SluiceConfig.from(Settings.load(null, Map.of()));
        models = new ModelRegistry();
        models.install(ModelLoader.bundled(config.model().serving()));
    }

    /** A Scorer service on a one-thread pool, its scoring handed over on the calling thread as in production. */
    private void start(Duration maxQueueDelay) throws Exception {
        ServingMetrics metrics = new ServingMetrics(meters.get("test"), Optional::empty);
        pool = new ScoringPool(1, 8, maxQueueDelay, nanos::get);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new ScorerGrpcService(ScoringService.withoutTelemetry(config.limits(), models),
                        config.limits(), pool, new ScoringAdmission(pool, metrics), metrics))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        pool.close();
        meters.close();
    }

    /** Holds the pool's thread, queues work behind it, and lets the clock run {@code waited}. */
    private void queueWorkThatHasWaited(Duration waited) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        assertThat(pool.trySubmit(() -> {
            started.countDown();
            awaitQuietly(release);
        })).isTrue();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.trySubmit(queuedWorkDone::countDown)).isTrue();
        nanos.addAndGet(waited.toNanos());
    }

    /** Frees the pool's thread and waits until the queued work has run. */
    private void drainQueue() throws InterruptedException {
        release.countDown();
        assertThat(queuedWorkDone.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void whileQueuedWorkWaitsOverTheBudgetRequestsAreRefusedUnparsedAndAdmittedAgainOnceItDrains() throws Exception {
        start(BUDGET);
        queueWorkThatHasWaited(Duration.ofMillis(150));

        for (MethodDescriptor<byte[], byte[]> method : new MethodDescriptor[] {RAW_SCORE, RAW_BATCH}) {
            assertThat(statusOfCall(method, MALFORMED)).satisfies(status -> {
                assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(status.getDescription()).isEqualTo("overloaded: requests wait 150 ms for a scoring "
                        + "thread, over the 10ms budget (scoring.max-queue-delay); retry on another replica");
            });
        }
        assertThat(shed("queue_delay")).isEqualTo(2);

        drainQueue();

        assertThat(statusOfCall(RAW_SCORE, MALFORMED).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(ScorerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .score(Requests.scoreRequest("after-drain", "3358")).getRequestId()).isEqualTo("after-drain");
    }

    @Test
    void aCallWhoseDeadlineIsShorterThanTheQueueWaitIsRefusedWhileOneWithTimeIsQueuedAndScored() throws Exception {
        start(Duration.ofMinutes(1));
        queueWorkThatHasWaited(Duration.ofSeconds(5));

        assertThatThrownBy(() -> ScorerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                .score(Requests.scoreRequest("short-deadline", "3358")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("overloaded: requests wait over 1000 ms "
                            + "for a scoring thread, longer than this call's deadline leaves; retry on another "
                            + "replica");
                });
        ListenableFuture<ScoreResponse> withTime = ScorerGrpc.newFutureStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS).score(Requests.scoreRequest("with-time", "3358"));
        assertThat(shed("deadline")).isEqualTo(1);

        drainQueue();

        assertThat(withTime.get(30, TimeUnit.SECONDS).getRequestId()).isEqualTo("with-time");
    }

    @Test
    void aStreamRequestThatCannotBeAdmittedGetsTheRefusalAsItsOutcomeAndTheStreamGoesOn() throws Exception {
        start(BUDGET);
        queueWorkThatHasWaited(Duration.ofMillis(150));
        BlockingQueue<ScoreOutcome> outcomes = new LinkedBlockingQueue<>();
        CountDownLatch completed = new CountDownLatch(1);
        StreamObserver<ScoreRequest> requests = ScorerGrpc.newStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS).scoreStream(new StreamObserver<>() {
                    @Override
                    public void onNext(ScoreOutcome outcome) {
                        outcomes.add(outcome);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        completed.countDown();
                    }
                });

        requests.onNext(Requests.scoreRequest("refused", "3358"));
        drainQueue();
        ScoreOutcome refused = outcomes.poll(30, TimeUnit.SECONDS);
        requests.onNext(Requests.scoreRequest("admitted", "3358"));
        ScoreOutcome admitted = outcomes.poll(30, TimeUnit.SECONDS);
        requests.onCompleted();

        assertThat(refused).isNotNull();
        assertThat(refused.getError().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED.value());
        assertThat(refused.getError().getMessage()).startsWith("overloaded: requests wait 150 ms");
        assertThat(shed("queue_delay")).isEqualTo(1);
        assertThat(admitted).isNotNull();
        assertThat(admitted.getResponse().getRequestId()).isEqualTo("admitted");
        assertThat(completed.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private Status statusOfCall(MethodDescriptor<byte[], byte[]> method, byte[] message) {
        try {
            ClientCalls.blockingUnaryCall(channel, method,
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), message);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    private long shed(String reason) {
        return ShedCounts.of(metricReader, reason);
    }

    private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
        return method.toBuilder(ByteArrayMarshaller.INSTANCE, ByteArrayMarshaller.INSTANCE).build();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
