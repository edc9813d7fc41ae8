package io.sluice.service.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC server span over a real loopback connection: the same span the OpenTelemetry gRPC instrumentation made
 * for a sampled call (name, kind, attributes, status), and nothing at all for a call the sampler leaves out.
 */
class GrpcServerTracingTest {

    private static final String SCORE = "sluice.v1.Scorer/Score";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    /** The span current while the handler ran, for each call. */
    private final AtomicReference<SpanContext> currentInHandler = new AtomicReference<>();
    private SdkTracerProvider tracers;
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        tracers.shutdown();
    }

    /** Starts a traced server sampling new traces at {@code ratio}, parent-based as the server's telemetry does. */
    private void start(double ratio) throws Exception {
        Sampler sampler = Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
        DrawnTraceIds ids = new DrawnTraceIds();
        tracers = SdkTracerProvider.builder().setSampler(sampler).setIdGenerator(ids)
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
        GrpcServerTracing tracing = new GrpcServerTracing(new SampledServerSpans(tracers.get("test"), sampler, ids),
                W3CTraceContextPropagator.getInstance());
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new AnswersWithTheRequestedStatus(), tracing))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    /** Calls Score, to be answered with {@code code}; returns the code the client got. */
    private Status.Code call(Status.Code code, Metadata headers) {
        try {
            ScorerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .score(ScoreRequest.newBuilder().addAllPartnerIds(Collections.nCopies(code.value(), "p")).build());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static Metadata traceparent(String traceId, boolean sampled) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
                "00-" + traceId + "-" + CALLER_SPAN_ID + (sampled ? "-01" : "-00"));
        return headers;
    }

    /** The spans exported, once there are {@code count}: a span ends just after its answer leaves. */
    private List<SpanData> exportedSpans(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (exported.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(exported.getFinishedSpanItems()).hasSize(count);
        return exported.getFinishedSpanItems();
    }

    private SpanData theExportedSpan() throws InterruptedException {
        return exportedSpans(1).get(0);
    }

    @Test
    void sampledCallSpanHasTheNameKindAndAttributesOfTheOpenTelemetryGrpcInstrumentation() throws Exception {
        start(1);

        assertThat(call(Status.Code.OK, new Metadata())).isEqualTo(Status.Code.OK);

        SpanData span = theExportedSpan();
        assertThat(span.getName()).isEqualTo(SCORE);
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        Attributes attributes = span.getAttributes();
        assertThat(attributes.get(AttributeKey.longKey("network.peer.port"))).isPositive();
        assertThat(attributes.toBuilder().remove(AttributeKey.longKey("network.peer.port")).build().asMap())
                .isEqualTo(Map.of(
                        AttributeKey.stringKey("rpc.system"), "grpc",
                        AttributeKey.stringKey("rpc.service"), "sluice.v1.Scorer",
                        AttributeKey.stringKey("rpc.method"), "Score",
                        AttributeKey.longKey("rpc.grpc.status_code"), 0L,
                        AttributeKey.stringKey("network.peer.address"), "127.0.0.1",
                        AttributeKey.stringKey("network.type"), "ipv4",
                        AttributeKey.stringKey("server.address"), "127.0.0.1",
                        AttributeKey.longKey("server.port"), (long) server.getPort()));
        // Current in the handler, so the scoring spans nest under it.
        assertThat(currentInHandler.get()).isEqualTo(span.getSpanContext());
    }

    @Test
    void serverFaultMarksTheSpanAnErrorWhileARefusedRequestLeavesItsStatusUnset() throws Exception {
        start(1);

        assertThat(call(Status.Code.INVALID_ARGUMENT, new Metadata())).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(call(Status.Code.INTERNAL, new Metadata())).isEqualTo(Status.Code.INTERNAL);

        List<SpanData> spans = exportedSpans(2);
        assertThat(spans).extracting(s -> s.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code")))
                .containsExactly(3L, 13L);
        assertThat(spans).extracting(s -> s.getStatus().getStatusCode())
                .containsExactly(StatusCode.UNSET, StatusCode.ERROR);
    }

    @Test
    void callerSampledTraceIsContinuedEvenWhenNewTracesAreNeverSampled() throws Exception {
        start(0);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        call(Status.Code.OK, traceparent(traceId, true));

        SpanData span = theExportedSpan();
        assertThat(span.getTraceId()).isEqualTo(traceId);
        assertThat(span.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
    }

    @Test
    void callerUnsampledTraceExportsNothingAndLeavesNoSpanCurrentInTheHandler() throws Exception {
        start(1);

        assertThat(call(Status.Code.OK, traceparent("4bf92f3577b34da6a3ce929d0e0e4736", false)))
                .isEqualTo(Status.Code.OK);
        assertThat(currentInHandler.get().isValid()).isFalse();
        call(Status.Code.OK, new Metadata());

        // The second call is sampled: once its span is in, the first call's would have been.
        assertThat(theExportedSpan().getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void newTraceLeftOutBySamplerExportsNothingAndLeavesNoSpanCurrentInTheHandler() throws Exception {
        start(0);

        assertThat(call(Status.Code.OK, new Metadata())).isEqualTo(Status.Code.OK);

        assertThat(currentInHandler.get().isValid()).isFalse();
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void sampledNewTraceKeepsTheTraceIdTheSamplerDecidedOn() throws Exception {
        start(0.5);
        Sampler half = Sampler.traceIdRatioBased(0.5);

        for (int i = 0; i < 40; i++) {
            call(Status.Code.OK, new Metadata());
        }

        // Had the span been given a new id after the decision, about half of these would not be sampled by it.
        Thread.sleep(200);
        assertThat(exported.getFinishedSpanItems()).isNotEmpty().allSatisfy(span -> assertThat(half.shouldSample(
                Context.root(), span.getTraceId(), SCORE, SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE));
    }

    /** Answers each call with the status code given as the request's number of partners, noting the span. */
    private final class AnswersWithTheRequestedStatus extends ScorerGrpc.ScorerImplBase {
        @Override
        public void score(ScoreRequest request, StreamObserver<ScoreResponse> responses) {
            currentInHandler.set(Span.current().getSpanContext());
            Status.Code code = Status.fromCodeValue(request.getPartnerIdsCount()).getCode();
            if (code == Status.Code.OK) {
                responses.onNext(ScoreResponse.getDefaultInstance());
                responses.onCompleted();
            } else {
                responses.onError(code.toStatus().asException());
            }
        }
    }
}
