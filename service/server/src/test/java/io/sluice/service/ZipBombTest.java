package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.model.ArtifactException;
import io.sluice.model.ModelArtifact;
import io.sluice.model.ZipBombs;
import io.sluice.service.store.ModelUpdater;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zip bomb in the model store: a {@code network.zip} of about 15 MB whose {@code configuration.json} inflates to
 * 1.5 GiB, with the manifest's checksum matching. It must be refused (and counted, and logged) quickly, without the
 * memory that inflating it would take, and the server must go on: keep serving, keep polling, fall back.
 */
class ZipBombTest {

    @TempDir
    Path dir;

    private static Duration await(BooleanSupplier condition, Duration within, String what) throws Exception {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > within.toNanos()) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(10);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A store folder holding a valid v1, the bomb and a valid v3, with CURRENT naming {@code current}. */
    private Path store(String current) throws Exception {
        Path store = dir.resolve("store");
        ZipBombs.writeValid(store.resolve("v1"), "v1");
        ZipBombs.writeBomb(store.resolve("bomb"), "bomb", ZipBombs.GIB_AND_A_HALF);
        Files.createDirectories(store.resolve("v3"));
        Files.copy(store.resolve("v1").resolve(ModelArtifact.NETWORK_FILE),
                store.resolve("v3").resolve(ModelArtifact.NETWORK_FILE));
        Files.writeString(store.resolve("v3").resolve(ModelArtifact.MANIFEST_FILE),
                Files.readString(store.resolve("v1").resolve(ModelArtifact.MANIFEST_FILE))
                        .replace("\"version\": \"v1\"", "\"version\": \"v3\""));
        Files.writeString(store.resolve("CURRENT"), current + "\n");
        return store;
    }

    @Test
    void bombPublishedAsCurrentIsRefusedCountedAndLoggedWhilePollingGoesOn() throws Exception {
        Path store = store("v1");
        try (CapturedLog log = CapturedLog.of(ModelUpdater.class);
             RunningServer running = RunningServer.start(Map.of("model.location", store.toString(),
                     "model.poll-interval", "100ms"))) {
            running.awaitVersion("v1");
            ModelUpdater updater = running.server.modelUpdater().orElseThrow();

            Files.writeString(store.resolve("CURRENT"), "bomb\n");
            Duration refusedAfter = await(() -> updater.refusedLoads() == 1, Duration.ofSeconds(10),
                    "the bomb is refused and counted");

            // Polling (100 ms), copying 15 MB and refusing it.
            assertThat(refusedAfter).isLessThan(Duration.ofSeconds(3));
            assertThat(running.server.models().current().orElseThrow().version()).isEqualTo("v1");
            await(() -> log.lines().stream().anyMatch(line -> line.startsWith("ERROR refused model bomb")
                    && line.contains("inflates to more than")), Duration.ofSeconds(5), "the refusal is logged");

            Files.writeString(store.resolve("CURRENT"), "v3\n");
            await(() -> running.server.models().current().map(m -> m.version().equals("v3")).orElse(false)
                    && updater.successfulLoads() == 2, Duration.ofSeconds(10), "a later change of CURRENT is followed");
            assertThat(updater.refusedLoads()).isEqualTo(1);
        }
    }

    @Test
    void bombAsTheSingleArtifactFolderFailsTheLoadWithAReason() throws Exception {
        ZipBombs.writeBomb(dir.resolve("artifact"), "bomb", ZipBombs.GIB_AND_A_HALF);
        try (RunningServer running = RunningServer.withoutModel(Map.of("model.location",
                dir.resolve("artifact").toString()))) {
            long start = System.nanoTime();
            assertThatThrownBy(running.server::loadConfiguredModel)
                    .isInstanceOf(ArtifactException.class)
                    .hasMessageContaining("inflates to more than");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    /**
     * The crash loop, reproduced with the image's JVM flags: a {@code sluice serve} child process whose
     * store names the bomb as CURRENT must stay up, serve the bundled model (fallback on), count the refusal, remove
     * a download folder an earlier crashed process left behind, and load a good version once CURRENT names one.
     */
    @Test
    @Timeout(60)
    void replicaWithTheImageFlagsSurvivesTheBombAndCleansUp() throws Exception {
        Path store = store("bomb");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        // What processes killed mid-load (ExitOnOutOfMemoryError) leave behind: an hour-old download of a version
        // without work-folder locks, and a work folder whose lock nobody holds any more.
        Path leftover = Files.createDirectories(tmp.resolve("sluice-model-4242424242"));
        Files.copy(store.resolve("bomb").resolve(ModelArtifact.NETWORK_FILE),
                leftover.resolve(ModelArtifact.NETWORK_FILE));
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path unlocked = Files.createDirectories(tmp.resolve("sluice-model-1717171717").resolve("load-1"));
        Files.createFile(unlocked.getParent().resolve(".lock"));
        Files.copy(store.resolve("bomb").resolve(ModelArtifact.NETWORK_FILE),
                unlocked.resolve(ModelArtifact.NETWORK_FILE));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        int[] ports = FreePorts.distinct(2);
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx768m",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), "io.sluice.service.cli.ServerCli", "serve",
                "--set", "grpc.bind-address=127.0.0.1", "--set", "grpc.port=" + ports[0],
                "--set", "thrift.enabled=false", "--set", "admin.bind-address=127.0.0.1",
                "--set", "admin.port=" + ports[1], "--set", "model.location=" + store,
                "--set", "model.fallback-to-bundled=true", "--set", "model.poll-interval=200ms",
                "--set", "model.warmup-passes=10"));
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("(output closed: " + e + ")");
            }
        });
        reader.start();
        try {
            waitForLine(lines, output, process, "serving model bundled", Duration.ofSeconds(30));
            assertThat(output).contains("no model loaded yet").contains("inflates to more than");
            assertThat(process.isAlive()).as("process alive; output:%n%s", output).isTrue();
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("download folders in the child's temp folder")
                        .doesNotContain("sluice-model-4242424242", "sluice-model-1717171717");
            }

            Files.writeString(store.resolve("CURRENT"), "v1\n");
            waitForLine(lines, output, process, "serving model v1", Duration.ofSeconds(20));
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(5_000);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("sluice-model")))
                    .as("download folders left after a clean stop").isEmpty();
        }
    }

    private static void waitForLine(BlockingQueue<String> lines, StringBuilder output, Process process,
                                    String wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                output.append(line).append('\n');
                if (line.contains(wanted)) {
                    return;
                }
            } else if (!process.isAlive() && lines.isEmpty()) {
                throw new AssertionError("sluice serve exited with " + process.exitValue() + " before '" + wanted
                        + "'; output:\n" + output);
            }
        }
        throw new AssertionError("no '" + wanted + "' within " + within + "; output:\n" + output);
    }
}
