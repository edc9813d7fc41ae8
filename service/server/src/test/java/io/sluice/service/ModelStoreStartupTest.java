package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.sluice.api.v1.ModelManifest;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server does when its model store cannot give it a model at start, and local folder stores. */
class ModelStoreStartupTest {

    @TempDir
    Path dir;

    private static String unreachableS3() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static Map<String, String> unreachableStore(String fallback) throws Exception {
        return Map.of("model.location", "s3://models/none", "model.s3.endpoint", unreachableS3(),
                "model.s3.path-style", "true", "model.fallback-to-bundled", fallback);
    }

    @Test
    void unreachableStoreKeepsTheServerNotServing() throws Exception {
        try (RunningServer running = RunningServer.inProcess(unreachableStore("false"))) {
            Thread.sleep(1500);

            assertThat(running.server.models().current()).isEmpty();
            assertThat(HealthGrpc.newBlockingStub(running.channel).check(HealthCheckRequest.getDefaultInstance())
                    .getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        }
    }

    @Test
    void unreachableStoreFallsBackToTheBundledModelWhenAllowed() throws Exception {
        String bundled = ModelArtifact.read(ArtifactFiles.classpath("/bundled-model"), 1L << 30).version();
        try (RunningServer running = RunningServer.inProcess(unreachableStore("true"))) {
            running.awaitVersion(bundled);

            assertThat(HealthGrpc.newBlockingStub(running.channel).check(HealthCheckRequest.getDefaultInstance())
                    .getStatus()).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void localFolderStoreServesItsCurrentVersionAndFollowsChanges() throws Exception {
        ModelArtifact bundled = ModelArtifact.read(ArtifactFiles.classpath("/bundled-model"), 1L << 30);
        for (String version : new String[] {"local-1", "local-2"}) {
            ModelManifest manifest = bundled.manifest().toBuilder().setVersion(version).build();
            ModelArtifact.write(dir.resolve(version), manifest, bundled.network());
        }
        Files.writeString(dir.resolve("CURRENT"), "local-1\n");

        try (RunningServer running = RunningServer.inProcess(Map.of("model.location", dir.toString(),
                "model.poll-interval", "100ms"))) {
            running.awaitVersion("local-1");
            Files.writeString(dir.resolve("CURRENT"), "local-2\n");
            running.awaitVersion("local-2");
        }
    }
}
