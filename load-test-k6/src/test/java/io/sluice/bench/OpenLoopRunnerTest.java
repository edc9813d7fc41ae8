package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.aik.filterapi.BidResponse;
import io.sluice.compat.thrift.LegacyThriftServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopRunnerTest {

    private static final Duration STALL = Duration.ofMillis(300);

    @Test
    void requestsQueuedBehindAStalledServerAreTimedFromWhenTheyWereDueNotWhenTheyWereSent() throws Exception {
        // A one-connection server whose first call stalls: a closed-loop client would record a single slow call.
        AtomicBoolean stalled = new AtomicBoolean();
        LegacyThriftServer server = new LegacyThriftServer(BenchServer.loopbackConfig(Map.of()).thrift(),
                request -> {
                    if (stalled.compareAndSet(false, true)) {
                        sleep(STALL);
                    }
                    return new BidResponse(0.5);
                });
        server.start();
        RequestCorpus corpus = RequestCorpus.generate(16, 1);
        try (ThriftLoad load = new ThriftLoad("127.0.0.1", server.port(), 1, 1000, Duration.ofMinutes(1),
                corpus.legacyRequests())) {
            OpenLoopRunner runner = new OpenLoopRunner(1000, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));

            // 100/s for 1 s: requests due every 10 ms while the first call holds the only connection for 300 ms.
            StepResult step = runner.run(load, 100, Duration.ofSeconds(1));

            assertThat(step.succeeded()).isEqualTo(100);
            // The 16 requests due in the first 150 ms could not start before the stall ended at 300 ms, so 16% of
            // latencies are at least 150 ms (the p90 with them), and the first one's is the whole stall.
            // (1% slack for the histogram's 3 significant digits.)
            assertThat(step.p90Ms()).isGreaterThanOrEqualTo(150 * 0.99);
            assertThat(step.maxMs()).isGreaterThanOrEqualTo(STALL.toMillis() * 0.99);
        } finally {
            server.stop();
        }
    }

    @Test
    void aThriftCallerFailsOpenOnRequestsThatWaitedTooLongForAConnectionInsteadOfSendingThemLate() throws Exception {
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        LegacyThriftServer server = new LegacyThriftServer(BenchServer.loopbackConfig(Map.of()).thrift(),
                request -> {
                    calls.incrementAndGet();
                    if (stalled.compareAndSet(false, true)) {
                        sleep(STALL);
                    }
                    return new BidResponse(0.5);
                });
        server.start();
        RequestCorpus corpus = RequestCorpus.generate(16, 1);
        try (ThriftLoad load = new ThriftLoad("127.0.0.1", server.port(), 1, 1000, Duration.ofMillis(100),
                corpus.legacyRequests())) {
            OpenLoopRunner runner = new OpenLoopRunner(1000, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));

            // 100/s for 1 s while the first call holds the only connection for 300 ms: the requests due in its
            // first 200 ms have waited more than 100 ms when it ends.
            StepResult step = runner.run(load, 100, Duration.ofSeconds(1));

            long failedOpen = step.failures().getOrDefault(ThriftLoad.FAILED_OPEN, 0L);
            assertThat(failedOpen).isGreaterThanOrEqualTo(10);
            assertThat(step.succeeded() + failedOpen).isEqualTo(100);
            assertThat(calls.get()).as("requests the caller gave up on never reach the server")
                    .isEqualTo((int) step.succeeded());
        } finally {
            server.stop();
        }
    }

    @Test
    void warmupSendsItsRequestsWithNoMoreOutstandingThanItsConcurrency() throws InterruptedException {
        // A protocol that answers every request 1 ms after it was sent, on another thread.
        ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger mostOutstanding = new AtomicInteger();
        LoadProtocol answersAfterOneMilli = new LoadProtocol() {
            @Override
            public String name() {
                return "answers-after-1ms";
            }

            @Override
            public Sender begin(StepRecorder recorder) {
                return new Sender() {
                    @Override
                    public void send(long intendedNanos) {
                        sent.incrementAndGet();
                        mostOutstanding.accumulateAndGet(recorder.inFlight(), Math::max);
                        answers.schedule(() -> recorder.succeeded(intendedNanos), 1, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        OpenLoopRunner runner = new OpenLoopRunner(1000, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));
        try {
            runner.warmUp(answersAfterOneMilli, 200, 4, Duration.ofSeconds(30));
        } finally {
            answers.shutdown();
            answers.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertThat(sent.get()).isEqualTo(200);
        assertThat(mostOutstanding.get()).isBetween(1, 4);
    }

    @Test
    void aStepInSlicesCountsEachPartOnOneScheduleWithoutAPause() {
        // A server that fails its first 150 calls and answers the rest: a recovery a quarter and a half in.
        List<Long> intendedTimes = new ArrayList<>();
        LoadProtocol recoversAfter150 = new LoadProtocol() {
            @Override
            public String name() {
                return "recovers-after-150";
            }

            @Override
            public Sender begin(StepRecorder recorder) {
                return new Sender() {
                    @Override
                    public void send(long intendedNanos) {
                        intendedTimes.add(intendedNanos);
                        if (intendedTimes.size() <= 150) {
                            recorder.failed("UNAVAILABLE", intendedNanos);
                        } else {
                            recorder.succeeded(intendedNanos);
                        }
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        OpenLoopRunner runner = new OpenLoopRunner(1000, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));

        List<StepResult> slices = runner.runSlices(recoversAfter150, 1000, Duration.ofMillis(400), 4);

        assertThat(slices).extracting(StepResult::intended).containsExactly(100L, 100L, 100L, 100L);
        assertThat(slices).extracting(StepResult::succeeded).containsExactly(0L, 50L, 100L, 100L);
        // One schedule: each request is due one period (1 ms) after the one before, across the parts too.
        for (int i = 1; i < intendedTimes.size(); i++) {
            assertThat(intendedTimes.get(i) - intendedTimes.get(i - 1)).isEqualTo(1_000_000L);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
