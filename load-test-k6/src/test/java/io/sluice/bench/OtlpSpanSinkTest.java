package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.config.SluiceConfig;
import io.sluice.service.telemetry.Telemetry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpSpanSinkTest {

    @Test
    void countsEverySpanTheServersTelemetryExportsOverOtlp() throws Exception {
        try (OtlpSpanSink sink = OtlpSpanSink.start()) {
            SluiceConfig config = BenchServer.loopbackConfig(Map.of(
                    "otel.traces.enabled", "true",
                    "otel.traces.sampler-ratio", "1",
                    "otel.exporter.otlp.endpoint", sink.endpoint().toString()));
            Telemetry telemetry = Telemetry.start(config.telemetry());
            for (int i = 0; i < 3; i++) {
                telemetry.tracer().spanBuilder("call-" + i).startSpan().end();
            }

            // Closing exports what is still buffered, as a stopping server does.
            telemetry.close();

            assertThat(sink.spansReceived()).isEqualTo(3);
            assertThat(sink.exportsReceived()).isPositive();
        }
    }

    @Test
    void receivesNothingWhenTracingIsOff() throws Exception {
        try (OtlpSpanSink sink = OtlpSpanSink.start()) {
            SluiceConfig config = BenchServer.loopbackConfig(Map.of(
                    "otel.traces.enabled", "false",
                    "otel.exporter.otlp.endpoint", sink.endpoint().toString()));
            Telemetry telemetry = Telemetry.start(config.telemetry());
            telemetry.tracer().spanBuilder("call").startSpan().end();

            telemetry.close();

            assertThat(sink.exportsReceived()).isZero();
        }
    }
}
