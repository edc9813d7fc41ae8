package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.inprocess.InProcessServerBuilder;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminHttpTest {

    private static int get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    @Test
    void readinessIsUnavailableUntilTheModelLoadsWhileLivenessIsAlwaysOk() throws Exception {
        // The probes are plain HTTP on the admin port; gRPC is not under test, so it needs no port of its own.
        String grpcName = InProcessServerBuilder.generateName();
        SluiceServer server = new SluiceServer(SluiceConfig.from(Settings.load(null, Map.of())
                .with("admin.bind-address", "127.0.0.1", "test").with("admin.port", "0", "test")
                .with("thrift.enabled", "false", "test")), () -> InProcessServerBuilder.forName(grpcName));
        server.start();
        try {
            assertThat(get(server.adminPort(), "/livez")).isEqualTo(200);
            assertThat(get(server.adminPort(), "/readyz")).isEqualTo(503);

            server.loadConfiguredModel();

            assertThat(get(server.adminPort(), "/readyz")).isEqualTo(200);
        } finally {
            server.stop();
        }
    }
}
