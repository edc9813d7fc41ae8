package io.sluice.service;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.sluice.api.v1.ModelAdminGrpc;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import io.sluice.shaping.Ticker;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Sluice server in this JVM and a gRPC channel to it, for tests. Thrift and admin HTTP are on ephemeral loopback
 * ports; gRPC is on one too ({@link #start}) or on the in-process transport ({@link #inProcess}), which most tests
 * use: only TLS, connection ages, and clients that dial a port need a real socket.
 */
public final class RunningServer implements AutoCloseable {

    public final SluiceServer server;
    public final ManagedChannel channel;

    private RunningServer(SluiceServer server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    /** Starts a server on the bundled model, gRPC on the in-process transport, with {@code overrides} applied. */
    public static RunningServer inProcess(Map<String, String> overrides) throws Exception {
        return inProcess(overrides, Ticker.SYSTEM);
    }

    /** The same, with partner QPS caps reading time from {@code ticker}. */
    public static RunningServer inProcess(Map<String, String> overrides, Ticker ticker) throws Exception {
        // Unique per server, so test classes never reach each other's servers.
        String name = InProcessServerBuilder.generateName();
        SluiceServer server = new SluiceServer(config(overrides), () -> InProcessServerBuilder.forName(name), ticker);
        server.start();
        RunningServer running = new RunningServer(server, InProcessChannelBuilder.forName(name).build());
        server.loadConfiguredModel();
        return running;
    }

    /** Starts a server on the bundled model, gRPC on a loopback port, with {@code overrides} applied. */
    public static RunningServer start(Map<String, String> overrides) throws Exception {
        RunningServer running = withoutModel(overrides);
        running.server.loadConfiguredModel();
        return running;
    }

    /** Starts a server, gRPC on a loopback port, whose endpoints are open but which has no model yet (NOT_SERVING). */
    public static RunningServer withoutModel(Map<String, String> overrides) throws Exception {
        SluiceServer server = new SluiceServer(config(overrides));
        server.start();
        return new RunningServer(server,
                ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build());
    }

    /** The settings these servers run with: loopback ephemeral ports, then {@code overrides}. */
    static SluiceConfig config(Map<String, String> overrides) {
        Settings settings = Settings.load(null, Map.of())
                .with("grpc.bind-address", "127.0.0.1", "test")
                .with("grpc.port", "0", "test")
                .with("thrift.bind-address", "127.0.0.1", "test")
                .with("thrift.port", "0", "test")
                .with("admin.bind-address", "127.0.0.1", "test")
                .with("admin.port", "0", "test")
                // A cold JVM's first calls are slow, and a loaded test machine queues work for longer than a
                // production budget; tests that exercise budgets set them explicitly.
                .with("thrift.request-budget", "30s", "test")
                .with("scoring.max-queue-delay", "30s", "test");
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            settings = settings.with(override.getKey(), override.getValue(), "test");
        }
        return SluiceConfig.from(settings);
    }

    /** A ModelAdmin client that sends {@code token} as its bearer token. */
    public ModelAdminGrpc.ModelAdminBlockingStub modelAdmin(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return ModelAdminGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Waits until {@code version} serves (stores load in the background). */
    void awaitVersion(String version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.models().current().map(m -> m.version().equals(version)).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("model " + version + " did not start serving; serving "
                        + server.models().current().map(m -> m.version()).orElse("nothing"));
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop();
    }
}
