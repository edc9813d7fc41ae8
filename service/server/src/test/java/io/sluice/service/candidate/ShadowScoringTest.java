package io.sluice.service.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.RequestIdSample;
import io.sluice.scoring.ServingOptions;
import io.sluice.service.telemetry.ShadowMetrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The scoring thread hands requests to the shadow and never waits for it. */
class ShadowScoringTest {

    @Test
    void aFullQueueDropsAndCountsWhatItCannotTake() throws Exception {
        ModelRegistry models = new ModelRegistry();
        models.setCandidate(ModelLoader.bundled(new ServingOptions(ServingOptions.Inference.COMPILED, 1, 256L << 20,
                1)));
        // Never started: nothing takes from the queue, as if the shadow thread were far behind.
        try (ShadowScoring shadow = new ShadowScoring(models, new RequestIdSample("test", 1), 4,
                new ShadowMetrics(OpenTelemetry.noop().getMeter("test")))) {
            for (int i = 0; i < 10; i++) {
                shadow.decided(BidRequest.newBuilder().setId("r" + i).build(), Instant.EPOCH,
                        ScoreResponse.newBuilder().setModelVersion("serving").build());
            }

            assertThat(shadow.dropped()).isEqualTo(6);
        }
    }
}
