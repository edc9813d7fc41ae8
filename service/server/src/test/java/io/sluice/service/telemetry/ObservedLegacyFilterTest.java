package io.sluice.service.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aik.filterapi.BidRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.compat.thrift.LegacyFilterHandler;
import io.sluice.compat.thrift.LegacyRequestMapper;
import io.sluice.scoring.Scorer;
import io.sluice.scoring.ScoringException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Span and metrics of the legacy call, for outcomes a real model cannot be made to produce on demand. */
class ObservedLegacyFilterTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final DrawnTraceIds ids = new DrawnTraceIds();
    private final Sampler everyTrace = Sampler.parentBased(Sampler.traceIdRatioBased(1));
    private final Sampler noTrace = Sampler.parentBased(Sampler.traceIdRatioBased(0));
    private SdkTracerProvider tracers;
    private final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
    private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metricReader).build();

    @AfterEach
    void close() {
        if (tracers != null) {
            tracers.close();
        }
        meters.close();
    }

    /** {@code backend} behind the observed filter, every call traced. */
    private ObservedLegacyFilter observed(Scorer backend) {
        return observed(backend, sampledWith(everyTrace));
    }

    private ObservedLegacyFilter observed(Scorer backend, ServerSpans serverSpans) {
        return new ObservedLegacyFilter(
                new LegacyFilterHandler(backend, new LegacyRequestMapper(0), Duration.ofSeconds(5)),
                serverSpans, new ServingMetrics(meters.get("test"), Optional::empty));
    }

    /** Server spans as the server's telemetry makes them with tracing on, sampling new traces with {@code sampler}. */
    private ServerSpans sampledWith(Sampler sampler) {
        tracers = SdkTracerProvider.builder().setSampler(sampler).setIdGenerator(ids)
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        return new SampledServerSpans(tracers.get("test"), sampler, ids);
    }

    /** Scores every call 0.25, noting the span current while it scores. */
    private static Scorer notingTheCurrentSpan(AtomicReference<SpanContext> seenByScoring) {
        return (request, deadline) -> {
            seenByScoring.set(Span.current().getSpanContext());
            return ScoreResponse.newBuilder().addScores(PartnerScore.newBuilder().setLikelihood(0.25)).build();
        };
    }

    private static BidRequest mondayAt(String hour) {
        BidRequest request = new BidRequest();
        request.setAdvertiserId("3358");
        request.setDayOfWeek(0);
        request.setHour(hour);
        return request;
    }

    private SpanData onlySpan() {
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
        return spans.getFinishedSpanItems().get(0);
    }

    private List<String> recordedStatuses() {
        return metricReader.collectAllMetrics().stream()
                .filter(m -> m.getName().equals("sluice.request.duration"))
                .flatMap(m -> m.getHistogramData().getPoints().stream())
                .filter(p -> p.getCount() == 1)
                .map(HistogramPointData::getAttributes)
                .map(a -> a.get(ServingMetrics.PROTOCOL) + " " + a.get(ServingMetrics.METHOD) + " "
                        + a.get(ServingMetrics.STATUS))
                .toList();
    }

    @Test
    void scoringRunsInsideARootServerSpanSoItsScoringSpansJoinTheLegacyTrace() throws Exception {
        AtomicReference<SpanContext> seenByScoring = new AtomicReference<>();
        ObservedLegacyFilter filter = observed(notingTheCurrentSpan(seenByScoring));

        assertThat(filter.filter(mondayAt("12")).getLikelihoodToBid()).isEqualTo(0.25);

        SpanData span = onlySpan();
        assertThat(span.getSpanContext()).isEqualTo(seenByScoring.get());
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getName()).isEqualTo("BidRequestFilter/filter");
        assertThat(span.getAttributes().asMap()).isEqualTo(Map.of(
                SpanAttributes.RPC_SYSTEM, "apache_thrift",
                SpanAttributes.RPC_SERVICE, "com.aik.filterapi.BidRequestFilter",
                SpanAttributes.RPC_METHOD, "filter",
                SpanAttributes.STATUS_CODE, "OK"));
        assertThat(recordedStatuses()).containsExactly("thrift BidRequestFilter/filter OK");
    }

    @Test
    void callTheSamplerLeavesOutExportsNoSpanAndScoresWithNoneCurrentButIsStillCounted() throws Exception {
        AtomicReference<SpanContext> seenByScoring = new AtomicReference<>();
        ObservedLegacyFilter filter = observed(notingTheCurrentSpan(seenByScoring), sampledWith(noTrace));

        assertThat(filter.filter(mondayAt("12")).getLikelihoodToBid()).isEqualTo(0.25);

        assertThat(seenByScoring.get().isValid()).isFalse();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(recordedStatuses()).containsExactly("thrift BidRequestFilter/filter OK");
    }

    @Test
    void withTracingOffACallHasNoSpanButIsStillCounted() throws Exception {
        AtomicReference<SpanContext> seenByScoring = new AtomicReference<>();
        ObservedLegacyFilter filter = observed(notingTheCurrentSpan(seenByScoring), ServerSpans.OFF);

        assertThat(filter.filter(mondayAt("12")).getLikelihoodToBid()).isEqualTo(0.25);

        assertThat(seenByScoring.get().isValid()).isFalse();
        assertThat(recordedStatuses()).containsExactly("thrift BidRequestFilter/filter OK");
    }

    @Test
    void serverFaultMarksTheSpanAsAnErrorAndIsCountedUnderItsStatus() {
        ObservedLegacyFilter filter = observed((request, deadline) -> {
            throw new ScoringException(ScoringException.Reason.UNAVAILABLE, "no model is loaded yet");
        });

        assertThatThrownBy(() -> filter.filter(mondayAt("12")))
                .isInstanceOf(TApplicationException.class)
                .hasMessageStartingWith("UNAVAILABLE");

        assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(onlySpan().getAttributes().get(SpanAttributes.STATUS_CODE)).isEqualTo("UNAVAILABLE");
        assertThat(recordedStatuses()).containsExactly("thrift BidRequestFilter/filter UNAVAILABLE");
    }

    @Test
    void rejectedRequestIsNotAServerErrorButIsCountedUnderItsStatus() {
        ObservedLegacyFilter filter = observed((request, deadline) -> {
            throw new AssertionError("a request with a bad hour must not reach scoring");
        });

        assertThatThrownBy(() -> filter.filter(mondayAt("25"))).isInstanceOf(TApplicationException.class);

        assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(onlySpan().getAttributes().get(SpanAttributes.STATUS_CODE)).isEqualTo("INVALID_ARGUMENT");
        assertThat(recordedStatuses()).containsExactly("thrift BidRequestFilter/filter INVALID_ARGUMENT");
    }
}
