package io.sluice.bench.jmh;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.grpc.Status;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.bench.BenchServer;
import io.sluice.bench.OtlpSpanSink;
import io.sluice.bench.RequestCorpus;
import io.sluice.compat.thrift.LegacyFilterHandler;
import io.sluice.compat.thrift.LegacyRequestMapper;
import io.sluice.compat.thrift.LegacyThriftServer;
import io.sluice.scoring.CallDeadline;
import io.sluice.scoring.DecisionSink;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ScoringMetrics;
import io.sluice.scoring.ScoringService;
import io.sluice.scoring.ScoringSpans;
import io.sluice.scoring.ServingModel;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.telemetry.ObservedLegacyFilter;
import io.sluice.service.telemetry.ServingMetrics;
import io.sluice.service.telemetry.ServingMetrics.Protocol;
import io.sluice.service.telemetry.Telemetry;
import io.sluice.shaping.ShapingPolicy;
import io.sluice.shaping.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each protocol's whole Sluice-side path for one call, in process and without a socket, tracing off by default:
 * from the request's bytes as the transport hands them over to the answer's bytes. gRPC unary: parse the {@code
 * ScoreRequest}, score every partner, serialise the {@code ScoreResponse}, record the call. gRPC stream: the same,
 * answered as a {@code ScoreOutcome} and counted as an outcome. Thrift: the generated processor reads the {@code
 * filter} message, the legacy mapper builds the v1 request, one partner is scored, the observed filter records the
 * call, the reply is written. Traffic shaping has the default settings, as {@code sluice serve} does. {@code metrics=off} drops the serving metrics (call and per-partner), so the
 * difference is what they cost. What is left out is the transport itself (HTTP/2 framing, Netty, threads, socket).
 *
 * <p>{@code tracing} is {@code off} unless asked for ({@code -p tracing=off,0,0.01}; ratio 0 is tracing on with no
 * call sampled, so it measures an unsampled call alone): with a sampler ratio, the server's own tracing exports the
 * sampled spans by OTLP to a loopback {@link OtlpSpanSink}, and the Thrift path with {@code metrics=on} (the
 * observed filter, as the server runs it) starts its root span as the server does. The gRPC
 * paths have no server span here (that comes from the gRPC interceptor), so tracing changes nothing on them but the
 * child spans' sampling check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProtocolPathBenchmark {

    private static final String SCORE_METHOD = ScorerGrpc.getScoreMethod().getFullMethodName();
    private static final String STREAM_METHOD = ScorerGrpc.getScoreStreamMethod().getFullMethodName();
    private static final int ANSWER_BUFFER_BYTES = 64 * 1024;

    @Param({"on", "off"})
    public String metrics;

    /** {@code off}, or the sampler ratio with tracing on. */
    @Param({"off"})
    public String tracing;

    private OtlpSpanSink sink;
    private Telemetry telemetry;
    private ServingMetrics serving;
    private ScoringService scoring;
    private byte[][] scoreRequests;
    private byte[][] filterCalls;
    private final byte[] answer = new byte[ANSWER_BUFFER_BYTES];
    private TMemoryInputTransport thriftIn;
    private final ByteArrayOutputStream thriftOutBytes = new ByteArrayOutputStream(ANSWER_BUFFER_BYTES);
    private TProtocol thriftInProtocol;
    private TBinaryProtocol thriftOutProtocol;
    private BidRequestFilter.Processor<BidRequestFilter.Iface> processor;
    private boolean recorded;
    private int next;

    @Setup
    public void setUp() throws Exception {
        recorded = "on".equals(metrics);
        sink = OtlpSpanSink.start();
        boolean traced = !"off".equals(tracing);
        SluiceConfig config = BenchServer.loopbackConfig(Map.of("otel.traces.enabled", Boolean.toString(traced),
                "otel.traces.sampler-ratio", traced ? tracing : "0",
                "otel.exporter.otlp.endpoint", sink.endpoint().toString()));
        telemetry = Telemetry.start(config.telemetry());
        ServingModel model = ModelLoader.bundled(config.model().serving());
        ModelRegistry registry = new ModelRegistry();
        registry.install(model);
        serving = new ServingMetrics(telemetry.meter(), () -> Optional.of(model.version()));
        scoring = new ScoringService(config.limits(), registry, Clock.systemUTC(),
                new ScoringSpans(telemetry.tracer()), recorded ? serving : ScoringMetrics.NONE,
                new ShapingPolicy(config.shaping().settings(), Ticker.SYSTEM), DecisionSink.NONE);
        // As the server wires it: legacy callers read only the likelihood, so their calls are neither explored
        // nor capped.
        LegacyFilterHandler handler = new LegacyFilterHandler(scoring.unshaped(),
                new LegacyRequestMapper(config.thrift().mondayIs()), config.thrift().requestBudget());
        processor = new BidRequestFilter.Processor<>(recorded
                ? new ObservedLegacyFilter(handler, telemetry, serving) : handler);
        thriftIn = new TMemoryInputTransport();
        // The server's own wire protocol, as its connections read it.
        thriftInProtocol = LegacyThriftServer.protocolFactory(config.thrift()).getProtocol(thriftIn);
        thriftOutProtocol = new TBinaryProtocol(new TIOStreamTransport(thriftOutBytes));

        RequestCorpus corpus = BenchmarkData.corpus();
        scoreRequests = new byte[BenchmarkData.REQUESTS][];
        filterCalls = new byte[BenchmarkData.REQUESTS][];
        for (int i = 0; i < BenchmarkData.REQUESTS; i++) {
            scoreRequests[i] = corpus.scoreRequests().get(i).toByteArray();
            filterCalls[i] = filterCall(corpus.legacyRequests().get(i));
        }
    }

    /** The bytes a legacy client sends for one {@code filter} call. */
    private static byte[] filterCall(BidRequest request) throws TException {
        TMemoryBuffer buffer = new TMemoryBuffer(512);
        new BidRequestFilter.Client(new TBinaryProtocol(buffer)).send_filter(request);
        return Arrays.copyOf(buffer.getArray(), buffer.length());
    }

    @TearDown
    public void tearDown() {
        telemetry.close();
        sink.close();
    }

    @Benchmark
    public int grpcUnary() throws Exception {
        long started = System.nanoTime();
        ScoreRequest request = ScoreRequest.parseFrom(scoreRequests[next++ & BenchmarkData.MASK]);
        int size = write(scoring.score(request, CallDeadline.NONE));
        if (recorded) {
            serving.recordCall(Protocol.GRPC, SCORE_METHOD, Status.Code.OK, System.nanoTime() - started);
        }
        return size;
    }

    @Benchmark
    public int grpcStream() throws Exception {
        ScoreRequest request = ScoreRequest.parseFrom(scoreRequests[next++ & BenchmarkData.MASK]);
        ScoreResponse response = scoring.score(request, CallDeadline.NONE);
        int size = write(ScoreOutcome.newBuilder().setRequestId(response.getRequestId()).setResponse(response).build());
        if (recorded) {
            serving.recordOutcome(STREAM_METHOD, Status.Code.OK);
        }
        return size;
    }

    @Benchmark
    public int thrift() throws TException {
        thriftIn.reset(filterCalls[next++ & BenchmarkData.MASK]);
        thriftOutBytes.reset();
        processor.process(thriftInProtocol, thriftOutProtocol);
        return thriftOutBytes.size();
    }

    /** Serialises {@code message} as gRPC's protobuf marshaller would, into a reused buffer. */
    private int write(MessageLite message) throws IOException {
        CodedOutputStream out = CodedOutputStream.newInstance(answer);
        message.writeTo(out);
        return out.getTotalBytesWritten();
    }
}
