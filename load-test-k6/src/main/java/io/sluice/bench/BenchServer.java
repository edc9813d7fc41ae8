package io.sluice.bench;

import com.aik.filterapi.BidResponse;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.compat.thrift.LegacyThriftServer;
import io.sluice.scoring.CallDeadline;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ScoringService;
import io.sluice.service.SluiceServer;
import io.sluice.service.config.GrpcConfig;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, on ephemeral loopback ports: Sluice with compiled or DL4J inference, or the empty echo
 * baselines with Sluice's own transports and thread settings. Run as a child JVM by {@link ServerProcess}.
 */
public final class BenchServer implements AutoCloseable {

    /** What to serve. */
    public enum Kind {
        /** Empty gRPC and Thrift servers: the protocol limit. */
        ECHO,
        /** Sluice with {@code model.inference=compiled}. */
        SLUICE_COMPILED,
        /** Sluice with {@code model.inference=dl4j}: one DL4J output() per request (the legacy design). */
        SLUICE_DL4J,
        /**
         * The echo server's gRPC transport refusing every call RESOURCE_EXHAUSTED from its headers, its message
         * unread, on the transport thread, as {@code grpc.max-in-flight-calls} refuses: what a refusal in the
         * transport costs.
         */
        REFUSING;

        /** Whether Sluice settings apply to it. */
        public boolean isSluice() {
            return this == SLUICE_COMPILED || this == SLUICE_DL4J;
        }

        /** The kind named {@code label} as {@link #label()} writes it, e.g. {@code sluice-compiled}. */
        public static Kind of(String label) {
            return valueOf(label.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** The name used on command lines and in reports, e.g. {@code sluice-compiled}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final ServerInterceptor REFUSE = new ServerInterceptor() {
        private final Status refused = Status.RESOURCE_EXHAUSTED.withDescription("refusing every call (bench)");

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            call.close(refused, new Metadata());
            return new ServerCall.Listener<>() { };
        }
    };

    /** First word of the line a child process prints once it is serving. */
    static final String READY_PREFIX = "READY";

    private final AutoCloseable resources;
    private final int grpcPort;
    private final int thriftPort;

    private BenchServer(AutoCloseable resources, int grpcPort, int thriftPort) {
        this.resources = resources;
        this.grpcPort = grpcPort;
        this.thriftPort = thriftPort;
    }

    /** Sluice's settings on loopback ephemeral ports, with {@code overrides}. */
    public static SluiceConfig loopbackConfig(Map<String, String> overrides) {
        Settings settings = Settings.load(null, Map.of())
                .with("grpc.bind-address", "127.0.0.1", "bench")
                .with("grpc.port", "0", "bench")
                .with("thrift.bind-address", "127.0.0.1", "bench")
                .with("thrift.port", "0", "bench")
                .with("admin.bind-address", "127.0.0.1", "bench")
                .with("admin.port", "0", "bench");
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            settings = settings.with(override.getKey(), override.getValue(), "bench");
        }
        return SluiceConfig.from(settings);
    }

    /** Starts a server of {@code kind}; returns once it is ready to answer. */
    public static BenchServer start(Kind kind) throws Exception {
        return start(kind, Map.of());
    }

    /**
     * Starts a server of {@code kind}, Sluice with {@code settings} on top of the bench's (the echo server has no
     * settings); returns once it is ready to answer.
     */
    public static BenchServer start(Kind kind, Map<String, String> settings) throws Exception {
        return switch (kind) {
            case ECHO -> startEcho(false);
            case REFUSING -> startEcho(true);
            case SLUICE_COMPILED -> startSluice("compiled", settings);
            case SLUICE_DL4J -> startSluice("dl4j", settings);
        };
    }

    private static BenchServer startSluice(String inference, Map<String, String> settings) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        overrides.put("model.inference", inference);
        SluiceServer server = new SluiceServer(loopbackConfig(overrides));
        server.start();
        server.loadConfiguredModel();
        return new BenchServer(server::stop, server.grpcPort(), server.thriftPort());
    }

    private static BenchServer startEcho(boolean refuseEveryCall) throws Exception {
        SluiceConfig config = loopbackConfig(Map.of());
        ScoreResponse response = realisticResponse(config);
        GrpcConfig g = config.grpc();
        ExecutorService executor = Executors.newFixedThreadPool(g.executorThreads());
        Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress(g.bindAddress(), g.port()))
                // Refusals on the transport thread, as Sluice's Scorer calls start; echo answers on grpc-java's
                // usual worker pool.
                .executor(refuseEveryCall ? MoreExecutors.directExecutor() : executor)
                .maxInboundMessageSize(g.maxInboundMessageBytes())
                .addService(refuseEveryCall ? ServerInterceptors.intercept(new EchoScorerService(response), REFUSE)
                        : new EchoScorerService(response).bindService())
                .build()
                .start();
        BidResponse legacyResponse = new BidResponse(response.getScores(0).getLikelihood());
        LegacyThriftServer thrift = new LegacyThriftServer(config.thrift(), request -> legacyResponse);
        thrift.start();
        return new BenchServer(() -> {
            thrift.stop();
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            executor.shutdownNow();
        }, grpc.getPort(), thrift.port());
    }

    /** A real Sluice answer for a corpus request, so the echo's responses are as large as Sluice's. */
    private static ScoreResponse realisticResponse(SluiceConfig config) throws Exception {
        ModelRegistry models = new ModelRegistry();
        models.install(ModelLoader.bundled(config.model().serving()));
        ScoringService scoring = ScoringService.withoutTelemetry(config.limits(), models);
        ScoreRequest request = RequestCorpus.generate(1, LoadBench.CORPUS_SEED).scoreRequests().get(0);
        return scoring.score(request, CallDeadline.NONE);
    }

    /**
     * Child-process entry: {@code BenchServer KIND [key=value...]} starts the server with those Sluice settings,
     * prints {@value #READY_PREFIX} with its ports, and runs until its standard input closes (so it never outlives
     * the generator that started it).
     */
    public static void main(String[] args) throws Exception {
        Kind kind = Kind.of(args[0]);
        try (BenchServer server = start(kind, settings(Arrays.asList(args).subList(1, args.length)))) {
            System.out.println(READY_PREFIX + " grpc=" + server.grpcPort() + " thrift=" + server.thriftPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Only end-of-input matters.
            }
        }
        System.exit(0);
    }

    /** {@code key=value} arguments as settings, in order. */
    static Map<String, String> settings(List<String> assignments) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a key=value setting: '" + assignment + "'");
            }
            settings.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
        return settings;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int thriftPort() {
        return thriftPort;
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
