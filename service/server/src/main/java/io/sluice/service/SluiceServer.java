package io.sluice.service;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.compat.thrift.LegacyFilterHandler;
import io.sluice.compat.thrift.LegacyRequestMapper;
import io.sluice.compat.thrift.LegacyThriftServer;
import io.sluice.model.ArtifactException;
import io.sluice.scoring.DecisionSink;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ScoringService;
import io.sluice.scoring.ScoringSpans;
import io.sluice.scoring.ServingModel;
import io.sluice.service.admin.BearerTokenInterceptor;
import io.sluice.service.admin.ModelAdminGrpcService;
import io.sluice.service.candidate.ShadowScoring;
import io.sluice.service.config.CandidateConfig;
import io.sluice.service.config.GrpcConfig;
import io.sluice.service.config.ModelConfig;
import io.sluice.service.config.S3Location;
import io.sluice.service.config.SettingsCatalog;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.config.ValueTypes;
import io.sluice.service.decisions.DecisionLog;
import io.sluice.service.grpc.ScorerGrpcService;
import io.sluice.service.grpc.ScoringAdmission;
import io.sluice.service.grpc.ScoringPool;
import io.sluice.service.grpc.UnaryCallLimit;
import io.sluice.service.store.LocalFolderSource;
import io.sluice.service.store.ModelSource;
import io.sluice.service.store.ModelUpdater;
import io.sluice.service.store.S3Clients;
import io.sluice.service.store.S3Source;
import io.sluice.service.telemetry.GrpcServerMetrics;
import io.sluice.service.telemetry.ObservedLegacyFilter;
import io.sluice.service.telemetry.ServingMetrics;
import io.sluice.service.telemetry.ShadowMetrics;
import io.sluice.service.telemetry.Telemetry;
import io.sluice.service.telemetry.VersionMetrics;
import io.sluice.shaping.ShapingPolicy;
import io.sluice.shaping.Ticker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
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
 *
 * <p>The gRPC endpoint runs on a {@link GrpcTransport}: Netty from {@code grpc.*} settings unless one is given
 * (tests give the in-process transport). The Thrift and admin HTTP endpoints are always sockets.
 */
public final class SluiceServer {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);
    private static final Duration DECISION_LOG_CLOSE_WAIT = Duration.ofSeconds(30);

    private final SluiceConfig config;
    private final GrpcTransport transport;
    private final ModelRegistry models;
    private final HealthStatusManager health = new HealthStatusManager();
    private final Telemetry telemetry;
    private final ServingMetrics metrics;
    private final ScoringService scoring;
    /** Set when decision-log.sample-rate is above 0. */
    private final DecisionLog decisionLog;
    /** Set when the model comes from a versioned store (folder with CURRENT, or S3). */
    private final ModelUpdater updater;
    /** Set when the model comes from a store and model.candidate.mode is shadow. */
    private final ShadowScoring shadow;
    private ThreadPoolExecutor grpcExecutor;
    private ScoringPool scoringPool;
    private ScorerGrpcService scorer;
    private Server grpc;
    private LegacyThriftServer thrift;
    private AdminHttpServer admin;
    private volatile boolean draining;

    /** A server whose gRPC endpoint is Netty, listening where {@code grpc.*} says. */
    public SluiceServer(SluiceConfig config) {
        this(config, new NettyTransport(config.grpc()));
    }

    /**
     * A server whose gRPC endpoint runs on {@code transport}; {@code grpc.*} settings other than the executor
     * threads, message size and shutdown grace are then the transport's to apply or ignore.
     */
    public SluiceServer(SluiceConfig config, GrpcTransport transport) {
        this(config, transport, Ticker.SYSTEM);
    }

    /** A server whose partner QPS caps read time from {@code ticker} (tests simulate streams with it). */
    public SluiceServer(SluiceConfig config, GrpcTransport transport, Ticker ticker) {
        this.config = config;
        this.transport = transport;
        this.telemetry = Telemetry.start(config.telemetry());
        CandidateConfig candidates = config.model().candidate();
        this.models = new ModelRegistry(candidates.canary());
        this.metrics = new ServingMetrics(telemetry.meter(), () -> models.current().map(ServingModel::version));
        this.decisionLog = config.decisionLog().enabled()
                ? new DecisionLog(config.decisionLog(), config.model().s3()) : null;
        ModelSource store = storeOf(config.model());
        this.updater = store == null ? null : new ModelUpdater(store, models, config.model());
        this.shadow = store == null || candidates.mode() != CandidateConfig.Mode.SHADOW ? null
                : new ShadowScoring(models, candidates.shadow(), candidates.shadowQueue(),
                        new ShadowMetrics(telemetry.meter()));
        ShapingPolicy shaping = new ShapingPolicy(config.shaping().settings(), ticker);
        this.scoring = new ScoringService(config.limits(), models, Clock.systemUTC(),
                new ScoringSpans(telemetry.tracer()), metrics, shaping, DecisionSink.allOf(
                        new VersionMetrics(telemetry.meter(), () -> models.candidate().map(ServingModel::version),
                                candidates.mode().name().toLowerCase(Locale.ROOT)),
                        decisionLog == null ? DecisionSink.NONE : decisionLog,
                        shadow == null ? DecisionSink.NONE : shadow));
        metrics.observeShaping(models::current, shaping);
        metrics.observeCount("sluice.requests.expired",
                "Requests dropped before inference because their deadline or tmax had passed.",
                scoring::expiredBeforeScoring);
        if (updater != null) {
            metrics.observeCount("sluice.model.loads", "Model versions loaded from the store, to serve or as the "
                    + "candidate.", updater::successfulLoads);
            metrics.observeCount("sluice.model.loads.refused",
                    "Model loads refused: store unreachable, artifact corrupt or incompatible.", updater::refusedLoads);
        }
        if (shadow != null) {
            metrics.observeCount("sluice.shadow.dropped", "Requests sampled for shadow scoring but dropped because "
                    + "its queue was full.", shadow::dropped);
        }
        if (decisionLog != null) {
            metrics.observeCount("sluice.decision_log.records", "Decisions written to the decision log.",
                    decisionLog::written);
            metrics.observeCount("sluice.decision_log.dropped", "Decisions sampled for the log but dropped because "
                    + "its buffer was full.", decisionLog::dropped);
            metrics.observeCount("sluice.decision_log.write_failures", "Decisions lost because a log file could not "
                    + "be written.", decisionLog::writeFailures);
            metrics.observeCount("sluice.decision_log.uploads", "Decision log files uploaded.", decisionLog::uploads);
            metrics.observeCount("sluice.decision_log.upload_failures", "Decision log uploads that failed (the file "
                    + "is kept and tried again).", decisionLog::uploadFailures);
        }
        models.onInstall(model -> {
            setServing(ServingStatus.SERVING);
            LOG.info("serving model {} ({} partners, {} inference)", model.version(), model.partnerIds().size(),
                    config.model().serving().inference());
            for (String key : config.shaping().keysForOtherPartners(model.partnerIds())) {
                LOG.warn("{} names a partner that model {} does not score; it does nothing", key, model.version());
            }
        });
    }

    private static ModelSource storeOf(ModelConfig model) {
        if (!namesAStore(model)) {
            return null;
        }
        if (model.s3Store().isPresent()) {
            S3Location store = model.s3Store().get();
            return new S3Source(S3Clients.create(model.s3()), store.bucket(), store.prefix());
        }
        return new LocalFolderSource(Path.of(model.location()));
    }

    /** Whether {@code model} names a versioned store (S3, or a folder with CURRENT) rather than one model. */
    private static boolean namesAStore(ModelConfig model) {
        String location = model.location();
        return model.s3Store().isPresent()
                || (!ModelConfig.BUNDLED.equals(location) && LocalFolderSource.isStore(Path.of(location)));
    }

    /** Opens both endpoints; they answer UNAVAILABLE until {@link #loadConfiguredModel()} succeeds. */
    public synchronized void start() throws IOException, TTransportException {
        setServing(ServingStatus.NOT_SERVING);
        if (decisionLog != null) {
            decisionLog.start();
        }
        if (shadow != null) {
            shadow.start();
        }
        GrpcConfig g = config.grpc();
        grpcExecutor = new ThreadPoolExecutor(g.executorThreads(), g.executorThreads(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named("grpc-worker"));
        scoringPool = new ScoringPool(config.scoring().threads(), config.scoring().maxQueuedRequests(),
                config.scoring().maxQueueDelay(), Ticker.SYSTEM);
        scorer = new ScorerGrpcService(scoring, config.limits(), scoringPool,
                new ScoringAdmission(scoringPool, metrics), metrics);
        metrics.observeQueueDepth("grpc", () -> grpcExecutor.getQueue().size());
        metrics.observeQueueDepth("scoring", scoringPool::queued);
        UnaryCallLimit callLimit = new UnaryCallLimit(g.maxInFlightCalls(),
                SettingsCatalog.GRPC_MAX_IN_FLIGHT_CALLS.key(), metrics, Ticker.SYSTEM);
        metrics.observeInFlightBound(callLimit::bound);
        ServerBuilder<?> builder = transport.newServerBuilder()
                // A call starts (method lookup, interceptors, the in-flight limit) on the default executor. Scorer
                // calls only hand work to the bounded scoring pool, so they stay on the transport thread: a refusal
                // is decided and written as the headers are read, with no hop to a worker thread and back and no
                // wait behind other calls. Other services move to the worker pool before their interceptors run.
                .executor(MoreExecutors.directExecutor())
                .callExecutor(new ServerCallExecutorSupplier() {
                    @Override
                    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata metadata) {
                        return ScorerGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())
                                ? MoreExecutors.directExecutor() : grpcExecutor;
                    }
                })
                // Only the transports that frame messages themselves (Netty) enforce it; in-process ignores it.
                .maxInboundMessageSize(g.maxInboundMessageBytes())
                .addService(scorer)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                // Runs after the metrics interceptor, which so counts its refusals under RESOURCE_EXHAUSTED.
                .intercept(callLimit)
                .intercept(new GrpcServerMetrics(metrics));
        if (config.modelAdmin().enabled()) {
            builder.addService(ServerInterceptors.intercept(
                    new ModelAdminGrpcService(models, updater, config.model().candidate()),
                    new BearerTokenInterceptor(config.modelAdmin().token())));
        }
        // Added last, so it runs first: the server span encloses everything else the call does.
        telemetry.grpcTracing().ifPresent(builder::intercept);
        grpc = builder.build().start();
        LOG.info("gRPC endpoint listening on {} ({})", grpc.getListenSockets(), transport.security());
        admin = new AdminHttpServer(config.admin(), () -> !draining && models.current().isPresent());
        admin.route("/metrics", telemetry.prometheusEndpoint());
        admin.start();
        LOG.info("admin HTTP endpoint listening on {}:{} (/livez, /readyz, /metrics)", config.admin().bindAddress(),
                adminPort());
        if (config.thriftEnabled()) {
            LegacyFilterHandler handler = new LegacyFilterHandler(scoring.unshaped(),
                    new LegacyRequestMapper(config.thrift().mondayIs()), config.thrift().requestBudget());
            // The policy answers outside the observed call, whose span and call metrics keep the real status.
            thrift = new LegacyThriftServer(config.thrift(), config.thrift().onError().applyTo(
                    new ObservedLegacyFilter(handler, telemetry, metrics),
                    failure -> metrics.recordPolicyAnswer(ObservedLegacyFilter.statusOf(failure))));
            thrift.start();
            metrics.observeCount("sluice.thrift.malformed", "Legacy connections closed because their bytes were "
                    + "not a readable message.", thrift::malformedMessages);
            metrics.observeCount("sluice.thrift.oversized", "Legacy connections closed because a message exceeded "
                    + "thrift.max-message-size.", thrift::oversizedMessages);
            metrics.observeCount("sluice.thrift.message_read_timeouts", "Legacy connections closed because a "
                    + "message did not arrive whole within thrift.message-read-timeout.", thrift::messageReadTimeouts);
            metrics.observeCount("sluice.thrift.write_timeouts", "Legacy connections closed because writing an "
                    + "answer took longer than thrift.write-timeout.", thrift::writeTimeouts);
            metrics.observeCount("sluice.thrift.evictions", "Legacy connections closed to give their worker to a new "
                    + "connection while every worker was taken.", thrift::evictions);
        }
    }

    /**
     * Starts reading the bundled model or artifact folder {@code config} names on a background thread, before the
     * server is built, so the read overlaps telemetry's set-up and the endpoints binding (which answer UNAVAILABLE
     * meanwhile); {@link #loadConfiguredModel(ModelRead)} then installs it. Empty for a store, whose models load in the
     * background anyway.
     */
    public static Optional<ModelRead> beginReadingConfiguredModel(SluiceConfig config) {
        return namesAStore(config.model()) ? Optional.empty() : Optional.of(ModelRead.begin(config.model()));
    }

    /**
     * Loads the configured model: a bundled model or single artifact folder now (a bad one throws, whatever went
     * wrong, as an {@link ArtifactException}); a store in the background with retries, and health turns SERVING when
     * its first model is installed.
     */
    public void loadConfiguredModel() throws ArtifactException {
        if (updater != null) {
            LOG.info("loading models from store {}", updater.describe());
            updater.start();
        } else {
            models.install(ModelRead.now(config.model()));
        }
    }

    /** Installs the model {@link #beginReadingConfiguredModel} began to read, once it is read and checked. */
    public void loadConfiguredModel(ModelRead read) throws ArtifactException {
        models.install(read.await());
    }

    /** The store updater, when the model comes from a versioned store. */
    public Optional<ModelUpdater> modelUpdater() {
        return Optional.ofNullable(updater);
    }

    /** The scoring core shared by both protocols. */
    public ScoringService scoring() {
        return scoring;
    }

    /** The registry of served models (for tests and admin tooling in-process). */
    public ModelRegistry models() {
        return models;
    }

    /** The gRPC port, or -1 when the transport has none (in-process). */
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

    /**
     * Graceful stop: NOT_SERVING, stop accepting, drain in-flight calls within the grace period (open streams answer
     * what they have taken and end UNAVAILABLE), then close.
     */
    public synchronized void stop() throws InterruptedException {
        if (grpc == null) {
            return;
        }
        LOG.info("shutting down: draining in-flight calls (grace {})",
                ValueTypes.formatDuration(config.grpc().shutdownGrace()));
        draining = true;
        health.enterTerminalState();
        if (updater != null) {
            updater.close();
        }
        if (thrift != null) {
            thrift.stop();
        }
        grpc.shutdown();
        scorer.endStreams();
        if (!grpc.awaitTermination(config.grpc().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("calls still running after the grace period; cancelling them");
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        grpcExecutor.shutdown();
        grpcExecutor.awaitTermination(5, TimeUnit.SECONDS);
        scoringPool.drain(5_000);
        if (decisionLog != null) {
            // After every call has ended, so no decision is offered once the log has written its last file.
            decisionLog.close(DECISION_LOG_CLOSE_WAIT);
        }
        if (shadow != null) {
            shadow.close();
        }
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
