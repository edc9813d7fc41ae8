package io.sluice.service.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.service.config.DataSize;
import io.sluice.service.config.DecisionLogConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the scoring threads see of the decision log: sampling at the configured rate, and never a wait. */
class DecisionLogBufferTest {

    private static final BidRequest REQUEST = BidRequest.newBuilder().setId("r").build();
    private static final ScoreResponse RESPONSE = ScoreResponse.newBuilder().setRequestId("r")
            .setModelVersion("v1").build();

    @TempDir
    Path folder;

    @Test
    void whenTheBufferIsFullRecordsAreDroppedAndCountedInsteadOfWaitedFor() throws Exception {
        // Not started: nothing drains the buffer, as when the writer is stuck on a slow disk.
        DecisionLog log = new DecisionLog(config(1.0, 5), Optional.empty(), Clock.systemUTC());

        for (int i = 0; i < 100; i++) {
            log.decided(REQUEST, Instant.EPOCH, RESPONSE);
        }

        assertThat(log.dropped()).isEqualTo(95);
        log.start();
        log.close(Duration.ofSeconds(10));
        assertThat(log.written()).isEqualTo(5);
    }

    @Test
    void aboutTheSampleRateOfDecisionsIsKept() throws Exception {
        DecisionLog log = new DecisionLog(config(0.1, 10_000), Optional.empty(), Clock.systemUTC());

        for (int i = 0; i < 4_000; i++) {
            log.decided(REQUEST, Instant.EPOCH, RESPONSE);
        }
        log.start();
        log.close(Duration.ofSeconds(10));

        // 400 expected; the bounds are more than six standard deviations (19) away.
        assertThat(log.written()).isBetween(280L, 520L);
        assertThat(log.dropped()).isZero();
    }

    private DecisionLogConfig config(double sampleRate, int bufferRecords) {
        return new DecisionLogConfig(sampleRate, folder, Optional.empty(), DataSize.ofMiB(1), Duration.ofMinutes(5),
                bufferRecords);
    }
}
