package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.ModelAdminGrpc;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.scoring.ServingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server following a model store on a real S3 API (s3proxy over loopback, polled every 100 ms) with ModelAdmin
 * on, for tests. The server's S3 client takes the default credential chain, which reads system properties first:
 * they are set while this runs.
 */
final class StoreServer implements AutoCloseable {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    final S3TestStore s3;
    final RunningServer running;

    private StoreServer(S3TestStore s3, RunningServer running) {
        this.s3 = s3;
        this.running = running;
    }

    /** Publishes {@code firstVersion} as CURRENT, starts a server with {@code overrides}, waits until it serves. */
    static StoreServer start(Path scratch, String firstVersion, Map<String, String> overrides) throws Exception {
        System.setProperty("aws.accessKeyId", S3TestStore.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestStore.SECRET_KEY);
        S3TestStore s3 = new S3TestStore();
        s3.publish(firstVersion, scratch);
        s3.makeCurrent(firstVersion);
        Path tokenFile = Files.writeString(scratch.resolve("admin-token"), ADMIN_TOKEN + "\n");
        Map<String, String> settings = new HashMap<>(Map.of(
                "model.location", s3.location(),
                "model.s3.endpoint", s3.endpoint().toString(),
                "model.s3.path-style", "true",
                "model.poll-interval", "100ms",
                "model.warmup-passes", "10",
                "model-admin.enabled", "true",
                "model-admin.token-file", tokenFile.toString()));
        settings.putAll(overrides);
        RunningServer running = RunningServer.inProcess(settings);
        running.awaitVersion(firstVersion);
        return new StoreServer(s3, running);
    }

    /** A Scorer client. */
    ScorerGrpc.ScorerBlockingStub scorer() {
        return ScorerGrpc.newBlockingStub(running.channel);
    }

    /** A ModelAdmin client with the right token. */
    ModelAdminGrpc.ModelAdminBlockingStub admin() {
        return running.modelAdmin(ADMIN_TOKEN);
    }

    /** Waits until the candidate on trial is {@code version} (empty: none). */
    void awaitCandidate(Optional<String> version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!running.server.models().candidate().map(ServingModel::version).equals(version)) {
            assertThat(System.nanoTime()).as("candidate %s in time", version).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            running.close();
            s3.close();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
