package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.client.AdaptiveThrottle;
import io.sluice.client.ThrottleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few seconds of real load over loopback: every protocol the generator speaks against a real Sluice (compiled
 * inference, in process) and against the echo baselines in a child JVM, as the benchmark runs them.
 */
class LoadProtocolsSmokeTest {

    private static final double RATE = 200;
    private static final Duration LENGTH = Duration.ofMillis(500);
    private static final OpenLoopRunner RUNNER =
            new OpenLoopRunner(1000, 1000, Duration.ofSeconds(10), Duration.ofSeconds(10));
    private static RequestCorpus corpus;
    private static BenchServer sluice;

    @BeforeAll
    static void startSluice() throws Exception {
        corpus = RequestCorpus.generate(64, LoadBench.CORPUS_SEED);
        sluice = BenchServer.start(BenchServer.Kind.SLUICE_COMPILED);
    }

    @AfterAll
    static void stopSluice() throws Exception {
        sluice.close();
    }

    private static List<LoadProtocol> protocols(int grpcPort, int thriftPort) throws Exception {
        return List.of(
                new GrpcUnaryLoad(new GrpcChannels("127.0.0.1", grpcPort, 2, List.of()), corpus.scoreRequests(),
                        Duration.ofSeconds(10)),
                // As a caller following the README: the throttle lets every call through to a server that answers.
                new GrpcUnaryLoad(new GrpcChannels("127.0.0.1", grpcPort, 2,
                        List.of(AdaptiveThrottle.create(ThrottleSettings.DEFAULTS))), corpus.scoreRequests(),
                        Duration.ofSeconds(10)),
                new GrpcStreamLoad(new GrpcChannels("127.0.0.1", grpcPort, 2, List.of()), corpus.scoreRequests()),
                new ThriftLoad("127.0.0.1", thriftPort, 2, 1000, Duration.ofMinutes(1), corpus.legacyRequests()));
    }

    private static void assertEveryRequestSucceeds(int grpcPort, int thriftPort) throws Exception {
        for (LoadProtocol protocol : protocols(grpcPort, thriftPort)) {
            try (protocol) {
                StepResult step = RUNNER.run(protocol, RATE, LENGTH);

                assertThat(step.intended()).as(protocol.name()).isEqualTo(100);
                assertThat(step.succeeded()).as(protocol.name() + " failures " + step.failures()).isEqualTo(100);
                assertThat(step.p50Ms()).as(protocol.name()).isPositive();
            }
        }
    }

    @Test
    void sluiceAnswersEveryRequestOfEveryProtocol() throws Exception {
        assertEveryRequestSucceeds(sluice.grpcPort(), sluice.thriftPort());
    }

    @Test
    void echoBaselineInAChildProcessPinnedToCpu0AnswersEveryRequestOfEveryProtocol(@TempDir Path logs)
            throws Exception {
        try (ServerProcess echo = ServerProcess.start(BenchServer.Kind.ECHO, "0", List.of("-Xmx256m"),
                logs.resolve("echo.log"))) {
            assertEveryRequestSucceeds(echo.grpcPort(), echo.thriftPort());
            assertThat(echo.peakResidentBytes()).isPositive();
            assertThat(echo.serverCpus()).isEqualTo("0");
        }
    }

    @Test
    void sequentialThriftCountsEveryCallOnOneConnection() throws Exception {
        SequentialThriftRun run = SequentialThriftRun.measure("127.0.0.1", sluice.thriftPort(),
                corpus.legacyRequests(), 200);

        assertThat(run.requests()).isEqualTo(200);
        assertThat(run.failed()).isZero();
        assertThat(run.perSecond()).isPositive();
    }
}
