package io.sluice.service.config;

import java.net.URI;
import java.net.URISyntaxException;
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

    static TelemetryConfig from(Settings s) {
        return new TelemetryConfig(s.string("otel.service-name"), endpoint(s, "otel.exporter.otlp.endpoint"),
                s.bool("otel.traces.enabled"), s.fraction("otel.traces.sampler-ratio"),
                s.duration("otel.traces.export-delay"), s.bool("otel.metrics.otlp-enabled"),
                s.duration("otel.metrics.export-interval"));
    }

    /** The URL that receives one signal, e.g. {@code v1/traces}. */
    public URI signalEndpoint(String signalPath) {
        String base = otlpEndpoint.toString();
        return URI.create(base.endsWith("/") ? base + signalPath : base + "/" + signalPath);
    }

    private static URI endpoint(Settings s, String key) {
        String text = s.string(key);
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below with the key and the source of the value.
        }
        throw new ConfigException(key + " must be an http(s) URL such as http://localhost:4318, got '" + text + "'");
    }
}
