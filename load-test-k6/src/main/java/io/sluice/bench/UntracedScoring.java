package io.sluice.bench;

import io.opentelemetry.api.OpenTelemetry;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.scoring.ModelRegistry;
import io.sluice.service.scoring.RequestValidator;
import io.sluice.service.scoring.ScoringService;
import io.sluice.service.telemetry.ChildSpans;
import io.sluice.service.telemetry.ServingMetrics;
import java.time.Clock;
import java.util.Optional;

/** The scoring core with no-op telemetry, for in-process benchmarks that measure the scoring work alone. */
public final class UntracedScoring {

    private UntracedScoring() {
    }

    public static ScoringService create(SluiceConfig config, ModelRegistry models) {
        OpenTelemetry noop = OpenTelemetry.noop();
        return new ScoringService(new RequestValidator(config.limits()), models, Clock.systemUTC(),
                new ChildSpans(noop.getTracer("sluice-bench")), new ServingMetrics(noop.getMeter("sluice-bench"),
                        Optional::empty));
    }
}
