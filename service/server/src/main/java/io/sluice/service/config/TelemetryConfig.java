package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.OTEL_EXPORTER_OTLP_ENDPOINT;
import static io.sluice.service.config.SettingsCatalog.OTEL_METRICS_EXPORT_INTERVAL;
import static io.sluice.service.config.SettingsCatalog.OTEL_METRICS_OTLP_ENABLED;
import static io.sluice.service.config.SettingsCatalog.OTEL_SERVICE_NAME;
import static io.sluice.service.config.SettingsCatalog.OTEL_TRACES_ENABLED;
import static io.sluice.service.config.SettingsCatalog.OTEL_TRACES_EXPORT_DELAY;
import static io.sluice.service.config.SettingsCatalog.OTEL_TRACES_SAMPLER_RATIO;

import java.net.URI;
import java.time.Duration;

/**
 * OpenTelemetry settings (keys {@code otel.*}).
 *
 * @param serviceName           the {@code service.name} resource attribute
 * @param otlpEndpoint          base URL of an OTLP http/protobuf receiver, without the signal path
 * @param tracesEnabled         whether spans are recorded and exported at all
 * @param traceSampleRatio      share of new traces recorded, 0..1; a caller's sampling decision is followed
 * @param spanExportDelay       longest wait before finished spans are exported
 * @param metricsOtlpEnabled    whether metrics are pushed by OTLP too (Prometheus is always served)
 * @param metricsExportInterval how often metrics are pushed by OTLP
 */
public record TelemetryConfig(String serviceName, URI otlpEndpoint, boolean tracesEnabled, double traceSampleRatio,
                              Duration spanExportDelay, boolean metricsOtlpEnabled, Duration metricsExportInterval) {

    static TelemetryConfig from(ConfigReader r) {
        return new TelemetryConfig(r.get(OTEL_SERVICE_NAME), r.get(OTEL_EXPORTER_OTLP_ENDPOINT),
                r.get(OTEL_TRACES_ENABLED), r.get(OTEL_TRACES_SAMPLER_RATIO), r.get(OTEL_TRACES_EXPORT_DELAY),
                r.get(OTEL_METRICS_OTLP_ENABLED), r.get(OTEL_METRICS_EXPORT_INTERVAL));
    }

    /** The URL that receives one signal, e.g. {@code v1/traces}. */
    public URI signalEndpoint(String signalPath) {
        String base = otlpEndpoint.toString();
        return URI.create(base.endsWith("/") ? base + signalPath : base + "/" + signalPath);
    }
}
