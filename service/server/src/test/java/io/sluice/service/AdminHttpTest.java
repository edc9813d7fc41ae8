package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.inprocess.InProcessServerBuilder;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static int get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** The status of {@code path}, which must arrive within {@code within} (else the probe would have failed). */
    private static int probe(int port, String path, Duration within) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(within).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** Opens a connection that sends {@code bytes} and then nothing more. */
    private static Socket stalled(int port, String bytes) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(bytes.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static boolean closedByServerWithin(Socket socket, int millis) throws Exception {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // read until the server ends the connection
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
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

    @Test
    void stalledAndSlowClientsDoNotDelayProbes() throws Exception {
        try (RunningServer running = RunningServer.start(Map.of("admin.request-timeout", "1s"))) {
            int port = running.server.adminPort();
            List<Socket> attackers = new ArrayList<>();
            try {
                // The reproduction: a request line, then silence.
                attackers.add(stalled(port, "GET /livez HTTP/1.1\r\n"));
                // And more of them than the admin port admits at once, some silent, some half-way through a header.
                for (int i = 0; i < 80; i++) {
                    attackers.add(stalled(port, i % 2 == 0 ? "" : "GET /metrics HTTP/1.1\r\nHost: x"));
                }
                Thread.sleep(200);

                long start = System.nanoTime();
                assertThat(probe(port, "/livez", Duration.ofSeconds(2))).isEqualTo(200);
                assertThat(probe(port, "/readyz", Duration.ofSeconds(2))).isEqualTo(200);
                assertThat(probe(port, "/metrics", Duration.ofSeconds(2))).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

                // A stalled client is disconnected once admin.request-timeout (1 s here) has passed.
                try (Socket late = stalled(port, "GET /livez HTTP/1.1\r\n")) {
                    long opened = System.nanoTime();
                    assertThat(closedByServerWithin(late, 5_000)).isTrue();
                    assertThat(Duration.ofNanos(System.nanoTime() - opened)).isBetween(Duration.ofMillis(800),
                            Duration.ofSeconds(4));
                }
            } finally {
                for (Socket socket : attackers) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void onlyTheExactProbePathsAnswer() throws Exception {
        try (RunningServer running = RunningServer.withoutModel(Map.of())) {
            int port = running.server.adminPort();

            assertThat(get(port, "/livez")).isEqualTo(200);
            assertThat(get(port, "/livez?verbose")).isEqualTo(200);
            assertThat(get(port, "/metrics")).isEqualTo(200);
            assertThat(get(port, "/metricsX")).isEqualTo(404);
            assertThat(get(port, "/livez/extra")).isEqualTo(404);
            assertThat(get(port, "/readyzz")).isEqualTo(404);
            assertThat(get(port, "/")).isEqualTo(404);

            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/livez")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livez"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(405);
            try (Socket garbage = stalled(port, "NOT HTTP\r\n\r\n")) {
                garbage.setSoTimeout(5_000);
                assertThat(new String(garbage.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 400 ");
            }
        }
    }
}
