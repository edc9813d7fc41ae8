package io.sluice.bench.jmh;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.bench.BenchServer;
import io.sluice.bench.GrpcChannels;
import io.sluice.bench.OtlpSpanSink;
import io.sluice.bench.RequestCorpus;
import io.sluice.service.SluiceServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What tracing costs per call, over loopback, against a real {@link SluiceServer} in this JVM, with tracing off,
 * sampled at the default ratio 0.01, or at 1.0: gRPC {@code Score} with {@value #IN_FLIGHT} calls in flight (time
 * per call = CPU per call when busy, what bounds the max rate), {@code ScoreStream} with {@value #IN_FLIGHT} requests
 * in flight on one stream open for the whole trial (a stream's server span is per stream, so this measures what
 * tracing adds per streamed request), and the legacy Thrift {@code filter} one call at a time on one connection (the
 * legacy callers' shape). Traced runs use the server's own OpenTelemetry setup
 * exporting by OTLP http/protobuf to a loopback {@link OtlpSpanSink}; the calls made and the spans it received are
 * printed at the end of each trial. Client, server and the span exporter share the CPU.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Longer warmup than the other benchmarks: on the shared machine calls kept getting cheaper for over 10 s (JIT).
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TracingOverheadBenchmark {

    private static final String OFF = "off";
    private static final String HOST = "127.0.0.1";
    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;
    /**
     * gRPC calls sent before waiting for their answers. One blocking call at a time took 3-25 ms per call on the
     * shared 2-core machine, mostly waiting (thread hand-offs, JIT still warming), not work: scoring takes about 8 µs.
     */
    private static final int IN_FLIGHT = 64;

    /** {@value #OFF}, or the sampler ratio with tracing on. */
    @Param({OFF, "0.01", "1"})
    public String tracing;

    private OtlpSpanSink sink;
    private SluiceServer server;
    private GrpcChannels channels;
    private ScorerGrpc.ScorerFutureStub scorer;
    private final List<ListenableFuture<ScoreResponse>> answers = new ArrayList<>(IN_FLIGHT);
    private final Semaphore outcomes = new Semaphore(0);
    private StreamObserver<ScoreRequest> stream;
    private volatile Throwable streamFailure;
    private TSocket socket;
    private BidRequestFilter.Client legacy;
    private ScoreRequest[] requests;
    private BidRequest[] legacyRequests;
    private int next;
    private long calls;

    @Setup(Level.Trial)
    public void start() throws Exception {
        RequestCorpus corpus = BenchmarkData.corpus();
        requests = corpus.scoreRequests().toArray(new ScoreRequest[0]);
        legacyRequests = corpus.legacyRequests().toArray(new BidRequest[0]);
        sink = OtlpSpanSink.start();
        server = new SluiceServer(BenchServer.loopbackConfig(settings()));
        server.start();
        server.loadConfiguredModel();
        channels = new GrpcChannels(HOST, server.grpcPort(), 1, List.of());
        scorer = ScorerGrpc.newFutureStub(channels.all().get(0));
        stream = ScorerGrpc.newStub(channels.all().get(0)).scoreStream(new StreamObserver<>() {
            @Override
            public void onNext(ScoreOutcome outcome) {
                outcomes.release();
            }

            @Override
            public void onError(Throwable t) {
                streamFailure = t;
                // Wakes the benchmark thread, which then fails instead of waiting for outcomes that will not come.
                outcomes.release(IN_FLIGHT);
            }

            @Override
            public void onCompleted() {
            }
        });
        socket = new TSocket(HOST, server.thriftPort(), SOCKET_TIMEOUT_MILLIS);
        socket.open();
        legacy = new BidRequestFilter.Client(new TBinaryProtocol(socket));
    }

    private Map<String, String> settings() {
        boolean traced = !OFF.equals(tracing);
        return Map.of("otel.traces.enabled", Boolean.toString(traced),
                "otel.traces.sampler-ratio", traced ? tracing : "0",
                "otel.exporter.otlp.endpoint", sink.endpoint().toString(),
                // A stall on the shared machine must not end a Thrift run with DEADLINE_EXCEEDED; the budget
                // check costs the same whatever the budget.
                "thrift.request-budget", "10s");
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    @Warmup(iterations = 10, time = 2)
    public void grpcScore(Blackhole blackhole) throws Exception {
        answers.clear();
        for (int i = 0; i < IN_FLIGHT; i++) {
            answers.add(scorer.score(requests[next++ & BenchmarkData.MASK]));
        }
        for (ListenableFuture<ScoreResponse> answer : answers) {
            blackhole.consume(answer.get());
        }
        calls += IN_FLIGHT;
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    @Warmup(iterations = 10, time = 2)
    public void grpcStream() throws InterruptedException {
        for (int i = 0; i < IN_FLIGHT; i++) {
            stream.onNext(requests[next++ & BenchmarkData.MASK]);
        }
        outcomes.acquire(IN_FLIGHT);
        if (streamFailure != null) {
            throw new IllegalStateException("the score stream failed", streamFailure);
        }
        calls += IN_FLIGHT;
    }

    @Benchmark
    public BidResponse thriftFilter() throws TException {
        calls++;
        return legacy.filter(legacyRequests[next++ & BenchmarkData.MASK]);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        socket.close();
        stream.onCompleted();
        channels.close();
        // Stopping closes the telemetry, which exports the spans still buffered.
        server.stop();
        sink.close();
        System.out.printf("%ntracing=%s: %d calls (warmup included), %d spans received by the OTLP sink"
                + " in %d exports%n", tracing, calls, sink.spansReceived(), sink.exportsReceived());
        if ("1".equals(tracing) && sink.spansReceived() == 0) {
            throw new IllegalStateException("tracing at ratio 1 exported no span: the figures measure no export");
        }
    }
}
