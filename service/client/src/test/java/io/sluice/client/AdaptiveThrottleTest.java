package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdaptiveThrottleTest {

    private static final ThrottleSettings SETTINGS = new ThrottleSettings(2.0, Duration.ofMillis(1000));
    private static final ScoreRequest REQUEST = ScoreRequest.getDefaultInstance();

    private final AtomicLong clockNanos = new AtomicLong();
    /** The throttle refuses a call when this is below its refusal probability. */
    private final AtomicReference<Double> draw = new AtomicReference<>(0.5);
    private final FakeScorer scorer = new FakeScorer();
    private Server server;
    private ManagedChannel channel;
    private AdaptiveThrottle throttle;
    private ScorerGrpc.ScorerBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(scorer).build().start();
        throttle = new AdaptiveThrottle(SETTINGS, clockNanos::get, draw::get);
        channel = InProcessChannelBuilder.forName(name).directExecutor().intercept(throttle).build();
        stub = ScorerGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void everyCallIsSentWhileTheServerAnswersThem() {
        for (int i = 0; i < 100; i++) {
            stub.score(REQUEST);
        }

        assertThat(scorer.calls).hasValue(100);
        assertThat(throttle.refusalProbability()).isZero();
    }

    @Test
    void noCallIsRefusedWhileTheServerAcceptsOneCallInK() {
        for (int i = 0; i < 50; i++) {
            scorer.answer.set(i % 2 == 0 ? Status.OK : Status.RESOURCE_EXHAUSTED);
            callIgnoringErrors();
        }

        assertThat(scorer.calls).hasValue(50);
        assertThat(throttle.refusalProbability()).isZero();
    }

    @Test
    void afterTheServerRefusesCallsTheClientRefusesSomeWithoutSendingThem() {
        scorer.answer.set(Status.RESOURCE_EXHAUSTED);
        List<Status> refusals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try {
                stub.score(REQUEST);
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                refusals.add(e.getStatus());
            }
        }

        assertThat(refusals).hasSize(20);
        assertThat(refusals).filteredOn(AdaptiveThrottle::refusedInClient).hasSize(20 - scorer.calls.get());
        assertThat(scorer.calls.get()).isBetween(1, 19);
        assertThat(throttle.refusalProbability()).isGreaterThan(0.9);
    }

    @Test
    void callsThatMissTheirDeadlineCountAsNotAccepted() {
        scorer.answer.set(null);
        draw.set(0.99);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> stub.withDeadlineAfter(10, TimeUnit.MILLISECONDS).score(REQUEST))
                    .hasMessageContaining("DEADLINE_EXCEEDED");
        }

        assertThat(throttle.refusalProbability()).isEqualTo(3 / 4.0);
    }

    @Test
    void callsTheCallerCancelsDoNotCount() {
        scorer.answer.set(Status.RESOURCE_EXHAUSTED);
        callIgnoringErrors();
        scorer.answer.set(null);
        draw.set(0.99);
        ScorerGrpc.ScorerFutureStub futures = ScorerGrpc.newFutureStub(channel);
        for (int i = 0; i < 10; i++) {
            futures.score(REQUEST).cancel(true);
        }

        assertThat(throttle.refusalProbability()).isEqualTo(1 / 2.0);
    }

    @Test
    void refusalsAreForgottenOnceTheWindowHasPassed() {
        scorer.answer.set(Status.UNAVAILABLE);
        for (int i = 0; i < 20; i++) {
            callIgnoringErrors();
        }
        clockNanos.addAndGet(SETTINGS.window().toNanos() / 2);
        assertThat(throttle.refusalProbability()).isGreaterThan(0.9);

        clockNanos.addAndGet(SETTINGS.window().toNanos() / 2);
        scorer.answer.set(Status.OK);
        int sentBefore = scorer.calls.get();
        stub.score(REQUEST);

        assertThat(throttle.refusalProbability()).isZero();
        assertThat(scorer.calls.get()).isEqualTo(sentBefore + 1);
    }

    @Test
    void streamingCallsAreNeverThrottled() throws Exception {
        scorer.answer.set(Status.RESOURCE_EXHAUSTED);
        for (int i = 0; i < 20; i++) {
            callIgnoringErrors();
        }
        draw.set(0.0);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        StreamObserver<ScoreRequest> requests = ScorerGrpc.newStub(channel).scoreStream(new StreamObserver<>() {
            @Override
            public void onNext(ScoreOutcome outcome) {
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                ended.countDown();
            }
        });
        requests.onCompleted();

        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(error.get()).isNull();
        assertThat(scorer.streams).hasValue(1);
    }

    @Test
    void settingsThatCouldNeverRecoverAreRefused() {
        assertThatThrownBy(() -> new ThrottleSettings(1.0, Duration.ofSeconds(1)))
                .hasMessage("the accepts multiplier must be a number above 1, got 1.0");
        assertThatThrownBy(() -> new ThrottleSettings(Double.NaN, Duration.ofSeconds(1)))
                .hasMessageContaining("above 1");
        assertThatThrownBy(() -> new ThrottleSettings(2.0, Duration.ofMillis(5)))
                .hasMessage("the throttle's window must be at least 10 ms, got 5 ms");
    }

    private void callIgnoringErrors() {
        try {
            stub.score(REQUEST);
        } catch (StatusRuntimeException e) {
            // The outcome under test is the throttle's count, not this call's.
        }
    }

    /** Answers each Score call as told: OK, an error status, or (null) never. */
    private static final class FakeScorer extends ScorerGrpc.ScorerImplBase {
        final AtomicReference<Status> answer = new AtomicReference<>(Status.OK);
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger streams = new AtomicInteger();

        @Override
        public void score(ScoreRequest request, StreamObserver<ScoreResponse> responses) {
            calls.incrementAndGet();
            Status status = answer.get();
            if (status == null) {
                return;
            }
            if (status.isOk()) {
                responses.onNext(ScoreResponse.getDefaultInstance());
                responses.onCompleted();
            } else {
                responses.onError(status.withDescription("refused by the server").asRuntimeException());
            }
        }

        @Override
        public StreamObserver<ScoreRequest> scoreStream(StreamObserver<ScoreOutcome> outcomes) {
            streams.incrementAndGet();
            return new StreamObserver<>() {
                @Override
                public void onNext(ScoreRequest request) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    outcomes.onCompleted();
                }
            };
        }
    }
}
