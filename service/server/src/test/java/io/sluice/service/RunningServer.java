package io.sluice.service;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real Sluice process (both endpoints on ephemeral loopback ports) and a gRPC channel to it, for tests. */
public final class RunningServer implements AutoCloseable {

    public final SluiceServer server;
    public final ManagedChannel channel;

    private RunningServer(SluiceServer server) {
        this.server = server;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    }

    /** Starts a server on the bundled model with {@code overrides} applied to the defaults. */
    public static RunningServer start(Map<String, String> overrides) throws Exception {
        RunningServer running = withoutModel(overrides);
        running.server.loadConfiguredModel();
        return running;
    }

    /** Starts a server whose endpoints are open but which has no model yet (health NOT_SERVING). */
    public static RunningServer withoutModel(Map<String, String> overrides) throws Exception {
        Settings settings = Settings.load(null, Map.of())
                .with("grpc.bind-address", "127.0.0.1", "test")
                .with("grpc.port", "0", "test")
                .with("thrift.bind-address", "127.0.0.1", "test")
                .with("thrift.port", "0", "test")
                .with("admin.bind-address", "127.0.0.1", "test")
                .with("admin.port", "0", "test")
                // A cold JVM's first calls are slow; tests that exercise budgets set them explicitly.
                .with("thrift.request-budget", "30s", "test");
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            settings = settings.with(override.getKey(), override.getValue(), "test");
        }
        SluiceServer server = new SluiceServer(SluiceConfig.from(settings));
        server.start();
        return new RunningServer(server);
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
