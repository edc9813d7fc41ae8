package io.sluice.service.telemetry;

import static io.sluice.service.telemetry.ServingMetrics.DECISION;
import static io.sluice.service.telemetry.ServingMetrics.MODEL_VERSION;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.DecisionSink;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Scored requests and their send/skip decisions by the model version that answered them (with a canary, the
 * serving and the candidate version side by side), and the candidate on trial.
 */
public final class VersionMetrics implements DecisionSink {

    static final AttributeKey<String> MODE = AttributeKey.stringKey("mode");

    private final LongCounter requests;
    private final LongCounter decisions;
    private final Map<String, VersionSeries> versions = new ConcurrentHashMap<>();

    /** Counts on {@code meter}; {@code candidate} is the version on trial, tried in {@code mode} (shadow or canary). */
    public VersionMetrics(Meter meter, Supplier<Optional<String>> candidate, String mode) {
        this.requests = meter.counterBuilder("sluice.model.requests")
                .setDescription("Requests scored, by the model version that answered them.")
                .setUnit("{request}")
                .build();
        this.decisions = meter.counterBuilder("sluice.model.decisions")
                .setDescription("Send/skip decisions, by the model version that took them.")
                .setUnit("{decision}")
                .build();
        meter.gaugeBuilder("sluice.model.candidate")
                .setDescription("1 for the candidate model version on trial, with how it is tried.")
                .ofLongs()
                .buildWithCallback(gauge -> candidate.get()
                        .ifPresent(version -> gauge.record(1, Attributes.of(MODEL_VERSION, version, MODE, mode))));
    }

    @Override
    public void decided(BidRequest request, Instant arrival, ScoreResponse response) {
        VersionSeries series = versions.computeIfAbsent(response.getModelVersion(), version -> new VersionSeries(
                Attributes.of(MODEL_VERSION, version),
                Attributes.of(MODEL_VERSION, version, DECISION, "send"),
                Attributes.of(MODEL_VERSION, version, DECISION, "skip")));
        requests.add(1, series.version());
        for (int i = 0; i < response.getScoresCount(); i++) {
            decisions.add(1, response.getScores(i).getDecision() == Decision.DECISION_SEND ? series.send()
                    : series.skip());
        }
    }

    /** A version's attribute sets, built once so counting a request allocates nothing. */
    private record VersionSeries(Attributes version, Attributes send, Attributes skip) {
    }
}
