package io.sluice.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryConfigTest {

    private static TelemetryConfig telemetry(Map<String, String> env) {
        return SluiceConfig.from(Settings.load(null, env)).telemetry();
    }

    @Test
    void tracingIsOffByDefaultAndSamplesOnePercentOnceTurnedOn() {
        TelemetryConfig defaults = telemetry(Map.of());
        TelemetryConfig on = telemetry(Map.of("SLUICE_OTEL_TRACES_ENABLED", "true"));

        assertThat(defaults.tracesEnabled()).isFalse();
        assertThat(defaults.metricsOtlpEnabled()).isFalse();
        assertThat(on.tracesEnabled()).isTrue();
        assertThat(on.traceSampleRatio()).isEqualTo(0.01);
    }

    @Test
    void standardOtelEndpointVariableIsHonouredAndSignalPathsAreAppended() {
        TelemetryConfig config = telemetry(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"));

        assertThat(config.signalEndpoint("v1/traces")).isEqualTo(URI.create("http://collector:4318/v1/traces"));
    }

    @Test
    void sluiceVariableWinsOverTheStandardOne() {
        TelemetryConfig config = telemetry(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "SLUICE_OTEL_EXPORTER_OTLP_ENDPOINT", "http://sidecar:4318", "OTEL_SERVICE_NAME", "sluice-canary"));

        assertThat(config.otlpEndpoint()).isEqualTo(URI.create("http://sidecar:4318"));
        assertThat(config.serviceName()).isEqualTo("sluice-canary");
    }

    @Test
    void samplerRatioAboveOneIsRejectedNamingTheKeyAndSource() {
        assertThatThrownBy(() -> telemetry(Map.of("SLUICE_OTEL_TRACES_SAMPLER_RATIO", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("otel.traces.sampler-ratio must be a number from 0 to 1")
                .hasMessageContaining("SLUICE_OTEL_TRACES_SAMPLER_RATIO");
    }

    @Test
    void endpointThatIsNotAnHttpUrlIsRejected() {
        assertThatThrownBy(() -> telemetry(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("otel.exporter.otlp.endpoint must be an http(s) URL");
    }
}
