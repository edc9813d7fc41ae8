package io.sluice.service;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.compat.thrift.LegacyFilterHandler;
import io.sluice.compat.thrift.LegacyRequestMapper;
import io.sluice.compat.thrift.LegacyThriftServer;
import io.sluice.model.ArtifactException;
import io.sluice.service.config.GrpcConfig;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.grpc.ScorerGrpcService;
import io.sluice.service.scoring.ModelLoader;
import io.sluice.service.scoring.ModelRegistry;
import io.sluice.service.scoring.RequestValidator;
import io.sluice.service.scoring.ScoringService;
import io.sluice.service.scoring.ServingModel;
import io.sluice.service.telemetry.ChildSpans;
import io.sluice.service.telemetry.GrpcServerMetrics;
import io.sluice.service.telemetry.ObservedLegacyFilter;
import io.sluice.service.telemetry.ServingMetrics;
import io.sluice.service.telemetry.Telemetry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sluice process: the gRPC endpoint (scorer, health, reflection) and the legacy Thrift endpoint over one
 * scoring core. Ports open first with health NOT_SERVING; health turns SERVING once a model is installed; on
 * stop, health turns NOT_SERVING and in-flight calls drain before the process exits.
 */
public final class SluiceServer {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

    private final SluiceConfig config;
    private final ModelRegistry models = new ModelRegistry();
    private final HealthStatusManager health = new HealthStatusManager();
    private final Telemetry telemetry;
    private final ServingMetrics metrics;
    private final ScoringService scoring;
    private ThreadPoolExecutor grpcExecutor;
    private Server grpc;
    private LegacyThriftServer thrift;
    private AdminHttpServer admin;
    private volatile boolean draining;

    public SluiceServer(SluiceConfig config) {
        this.config = config;
        this.telemetry = Telemetry.start(config.telemetry());
        this.metrics = new ServingMetrics(telemetry.meter(), () -> models.current().map(ServingModel::version));
        this.scoring = new ScoringService(new RequestValidator(config.limits()), models, Clock.systemUTC(),
                new ChildSpans(telemetry.tracer()), metrics);
    }

    /** Opens both endpoints; they answer UNAVAILABLE until {@link #loadConfiguredModel()} succeeds. */
    public synchronized void start() throws IOException, TTransportException {
        setServing(ServingStatus.NOT_SERVING);
        GrpcConfig g = config.grpc();
        grpcExecutor = new ThreadPoolExecutor(g.executorThreads(), g.executorThreads(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named("grpc-worker"));
        metrics.observeQueueDepth("grpc", () -> grpcExecutor.getQueue().size());
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(new InetSocketAddress(g.bindAddress(), g.port()))
                .executor(grpcExecutor)
                .maxInboundMessageSize(g.maxInboundMessageBytes())
                .maxConnectionAge(g.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS)
                .maxConnectionAgeGrace(g.maxConnectionAgeGrace().toNanos(), TimeUnit.NANOSECONDS)
                .addService(new ScorerGrpcService(scoring, config.limits(), metrics))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .intercept(new GrpcServerMetrics(metrics));
        // Added last, so it runs first: the server span encloses everything else the call does.
        telemetry.grpcTracing().ifPresent(builder::intercept);
        grpc = builder.build().start();
        LOG.info("gRPC endpoint listening on {}:{}", g.bindAddress(), grpcPort());
        admin = new AdminHttpServer(config.admin().bindAddress(), config.admin().port(),
                () -> !draining && models.current().isPresent());
        admin.route("/metrics", telemetry.prometheusEndpoint());
        admin.start();
        LOG.info("admin HTTP endpoint listening on {}:{} (/livez, /readyz, /metrics)", config.admin().bindAddress(),
                adminPort());
        if (config.thriftEnabled()) {
            LegacyFilterHandler handler = new LegacyFilterHandler(scoring,
                    new LegacyRequestMapper(config.thrift().mondayIs()), config.thrift().requestBudget());
            thrift = new LegacyThriftServer(config.thrift(),
                    new ObservedLegacyFilter(handler, telemetry.tracer(), metrics));
            thrift.start();
        }
    }

    /** Loads the configured model and starts serving it. */
    public void loadConfiguredModel() throws ArtifactException {
        long started = System.nanoTime();
        ServingModel model = ModelLoader.load(config.model());
        models.install(model);
        setServing(ServingStatus.SERVING);
        LOG.info("serving model {} ({} partners, {} inference) from {} after {} ms", model.version(),
                model.partnerIds().size(), config.model().inference(), config.model().location(),
                (System.nanoTime() - started) / 1_000_000);
    }

    public int grpcPort() {
        return grpc.getPort();
    }

    public int adminPort() {
        return admin.port();
    }

    /** The Thrift port, or -1 when the legacy endpoint is disabled. */
    public int thriftPort() {
        return thrift == null ? -1 : thrift.port();
    }

    /** Graceful stop: NOT_SERVING, stop accepting, drain in-flight calls within the grace period, then close. */
    public synchronized void stop() throws InterruptedException {
        if (grpc == null) {
            return;
        }
        LOG.info("shutting down: draining in-flight calls (grace {})", config.grpc().shutdownGrace());
        draining = true;
        health.enterTerminalState();
        if (thrift != null) {
            thrift.stop();
        }
        grpc.shutdown();
        if (!grpc.awaitTermination(config.grpc().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("calls still running after the grace period; cancelling them");
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        grpcExecutor.shutdown();
        grpcExecutor.awaitTermination(5, TimeUnit.SECONDS);
        admin.stop();
        telemetry.close();
        grpc = null;
        LOG.info("stopped");
    }

    /** Blocks until the gRPC endpoint has terminated. */
    public void awaitTermination() throws InterruptedException {
        Server server;
        synchronized (this) {
            server = grpc;
        }
        if (server != null) {
            server.awaitTermination();
        }
    }

    private void setServing(ServingStatus status) {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        health.setStatus(ScorerGrpc.SERVICE_NAME, status);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
