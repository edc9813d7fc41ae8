package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OverloadTest {

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
