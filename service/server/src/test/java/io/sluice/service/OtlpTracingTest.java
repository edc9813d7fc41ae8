package io.sluice.service;

import static io.sluice.service.OtlpHttpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import com.aik.filterapi.BidRequestFilter;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces of real gRPC and legacy Thrift calls, exported by OTLP to a real receiver on loopback and decoded there.
 * Each test makes calls no other test makes (a plain Score call, a Thrift call, calls carrying their own trace
 * headers), so it can pick its spans out of everything the shared receiver gets.
 */
class OtlpTracingTest {

    private static final String SCORE_METHOD = "sluice.v1.Scorer/Score";

    private static OtlpHttpReceiver receiver;
    private static RunningServer running;

    @BeforeAll
    static void start() throws Exception {
        receiver = OtlpHttpReceiver.start();
        running = RunningServer.inProcess(Map.of(
                "otel.traces.enabled", "true",
                "otel.traces.sampler-ratio", "1",
                "otel.traces.export-delay", "100ms",
                "otel.metrics.otlp-enabled", "true",
                "otel.metrics.export-interval", "200ms",
                "otel.exporter.otlp.endpoint", receiver.endpoint()));
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
        receiver.close();
    }

    private static ScorerGrpc.ScorerBlockingStub scorer(Metadata headers) {
        return ScorerGrpc.newBlockingStub(running.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Metadata header(String name, String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
        return headers;
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    /** A server span and its children, once all of them have arrived. */
    private record Trace(Span server, Map<String, Span> childrenByName) {
    }

    private static Trace awaitTrace(String serverSpanName, java.util.function.Predicate<Span> isTheServerSpan)
            throws InterruptedException {
        return receiver.awaitSpans(spans -> spans.stream()
                .filter(s -> s.getName().equals(serverSpanName) && isTheServerSpan.test(s))
                .findFirst()
                .flatMap(server -> {
                    Map<String, Span> children = new java.util.HashMap<>();
                    spans.stream().filter(s -> s.getParentSpanId().equals(server.getSpanId()))
                            .forEach(s -> children.put(s.getName(), s));
                    return children.keySet().containsAll(List.of("extract-features", "inference"))
                            ? Optional.of(new Trace(server, children)) : Optional.empty();
                }));
    }

    private static Span awaitServerSpanOf(String traceId) throws InterruptedException {
        return receiver.awaitSpans(spans -> spans.stream()
                .filter(s -> hex(s.getTraceId()).equals(traceId) && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                .findFirst());
    }

    private static void assertXrayTraceId(Span span) {
        String traceId = hex(span.getTraceId());
        long startSecond = TimeUnit.NANOSECONDS.toSeconds(span.getStartTimeUnixNano());
        // X-Ray ids start with the epoch second the trace began (the id is made just before the start is read).
        assertThat(Long.parseLong(traceId.substring(0, 8), 16)).isBetween(startSecond - 1, startSecond);
    }

    @Test
    void grpcScoreIsAServerSpanWithFeatureExtractionAndInferenceChildren() throws Exception {
        ScoreResponse response = scorer(new Metadata()).score(Requests.scoreRequest("traced", "3358", "1458"));

        Trace trace = awaitTrace(SCORE_METHOD, s -> s.getParentSpanId().isEmpty());

        assertThat(trace.server().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertXrayTraceId(trace.server());
        Span inference = trace.childrenByName().get("inference");
        assertThat(attribute(inference.getAttributesList(), "sluice.model.version").map(AnyValue::getStringValue))
                .contains(response.getModelVersion());
        assertThat(attribute(inference.getAttributesList(), "sluice.partner.count").map(AnyValue::getIntValue))
                .contains(2L);
        assertThat(trace.childrenByName().values()).allSatisfy(child -> {
            assertThat(child.getTraceId()).isEqualTo(trace.server().getTraceId());
            assertThat(child.getStartTimeUnixNano()).isGreaterThanOrEqualTo(trace.server().getStartTimeUnixNano());
            assertThat(child.getEndTimeUnixNano()).isLessThanOrEqualTo(trace.server().getEndTimeUnixNano());
        });
        assertThat(receiver.spanResourceAttribute("service.name")).contains("sluice");
    }

    @Test
    void legacyThriftFilterIsATraceRootServerSpanWithTheSameChildren() throws Exception {
        try (TSocket socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000)) {
            socket.open();
            new BidRequestFilter.Client(new TBinaryProtocol(socket)).filter(LegacyThriftTest.legacyTuesday14h("3358"));
        }

        Trace trace = awaitTrace("BidRequestFilter/filter", s -> true);

        assertThat(trace.server().getParentSpanId().isEmpty()).isTrue();
        assertThat(trace.server().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(attribute(trace.server().getAttributesList(), "rpc.system").map(AnyValue::getStringValue))
                .contains("apache_thrift");
        assertThat(attribute(trace.server().getAttributesList(), "sluice.status_code").map(AnyValue::getStringValue))
                .contains("OK");
        assertXrayTraceId(trace.server());
        assertThat(attribute(trace.childrenByName().get("inference").getAttributesList(), "sluice.partner.count")
                .map(AnyValue::getIntValue)).contains(1L);
    }

    @Test
    void incomingW3cTraceparentIsContinued() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpanId = "00f067aa0ba902b7";

        scorer(header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"))
                .score(Requests.scoreRequest("w3c", "3358"));

        Trace trace = awaitTrace(SCORE_METHOD, s -> hex(s.getTraceId()).equals(traceId));
        assertThat(hex(trace.server().getParentSpanId())).isEqualTo(callerSpanId);
    }

    @Test
    void incomingAwsXrayTraceHeaderIsContinued() throws Exception {
        String callerSpanId = "53995c3f42cd8ad8";

        scorer(header("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + callerSpanId
                + ";Sampled=1")).score(Requests.scoreRequest("xray", "3358"));

        Trace trace = awaitTrace(SCORE_METHOD,
                s -> hex(s.getTraceId()).equals("5759e988bd862e3fe1be46a994272793"));
        assertThat(hex(trace.server().getParentSpanId())).isEqualTo(callerSpanId);
    }

    @Test
    void grpcCallWithAnUnsampledParentExportsNoSpanAtAll() throws Exception {
        String unsampled = "5b8efff798038103d269b633813fc60c";
        String sampledAfter = "6e0c63257de34c92bf9efcd03927272e";

        scorer(header("traceparent", "00-" + unsampled + "-eee19b7ec3c1b174-00"))
                .score(Requests.scoreRequest("unsampled", "3358"));
        scorer(header("traceparent", "00-" + sampledAfter + "-eee19b7ec3c1b174-01"))
                .score(Requests.scoreRequest("sampled-after", "3358"));

        // Spans are exported in the order they end, and the later call starts once the earlier one is answered: by
        // the time the later call's span is in, a span of the earlier one would be too.
        awaitServerSpanOf(sampledAfter);
        List<Span> unsampledSpans = receiver.awaitSpans(spans -> Optional.of(spans.stream()
                .filter(s -> hex(s.getTraceId()).equals(unsampled)).toList()));
        assertThat(unsampledSpans).isEmpty();
    }

    @Test
    void requestDurationIsPushedByOtlpAsAnExponentialHistogramPerProtocolMethodAndStatus() throws Exception {
        // Its own trace id keeps this call's spans apart from the plain call another test looks for.
        scorer(header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
                .score(Requests.scoreRequest("metrics", "3358"));

        // Exponential, so that CloudWatch can answer its percentiles (see Telemetry).
        ExponentialHistogramDataPoint point = receiver.awaitMetrics(metrics -> metrics.stream()
                .filter(m -> m.getName().equals("sluice.request.duration"))
                .flatMap(m -> m.getExponentialHistogram().getDataPointsList().stream())
                .filter(p -> attribute(p.getAttributesList(), "method").map(AnyValue::getStringValue)
                        .equals(Optional.of(SCORE_METHOD)) && p.getCount() >= 1)
                .findFirst());

        assertThat(attribute(point.getAttributesList(), "protocol").map(AnyValue::getStringValue)).contains("grpc");
        assertThat(attribute(point.getAttributesList(), "status").map(AnyValue::getStringValue)).contains("OK");
    }
}
