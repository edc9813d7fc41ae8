package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GracefulShutdownTest {

    @Test
    void stopTurnsHealthNotServingForWatchers() throws Exception {
        // Open Watch streams hold shutdown until the grace period ends; keep it short here.
        RunningServer running = RunningServer.inProcess(Map.of("grpc.shutdown-grace", "1s"));
        BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
        HealthGrpc.newStub(running.channel).watch(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse response) {
                statuses.add(response.getStatus());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        assertThat(statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

        Thread stopper = new Thread(() -> {
            try {
                running.server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();

        assertThat(statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
        stopper.join(20_000);
        running.close();
    }

    @Test
    @Timeout(120)
    void sigtermDrainsAndExitsZero() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        int[] ports = FreePorts.distinct(3);
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.sluice.service.cli.ServerCli", "serve", "--set", "grpc.bind-address=127.0.0.1",
                "--set", "grpc.port=" + ports[0], "--set", "thrift.bind-address=127.0.0.1",
                "--set", "thrift.port=" + ports[1], "--set", "admin.bind-address=127.0.0.1",
                "--set", "admin.port=" + ports[2]));
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                log.append(line).append('\n');
                if (line.contains("serving model")) {
                    // A real SIGTERM, as an orchestrator sends it (Process.destroy would also close our pipes).
                    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
                }
            }
        }

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(log).contains("serving model").contains("shutting down").contains("stopped");
        assertThat(process.exitValue()).isZero();
    }
}
