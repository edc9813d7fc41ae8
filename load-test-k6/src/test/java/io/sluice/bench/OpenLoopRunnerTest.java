package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.aik.filterapi.BidResponse;
import io.sluice.compat.thrift.LegacyThriftServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
        try (ThriftLoad load = new ThriftLoad("127.0.0.1", server.port(), 1, 1000, corpus.legacyRequests())) {
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
