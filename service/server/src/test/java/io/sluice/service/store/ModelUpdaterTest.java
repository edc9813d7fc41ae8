package io.sluice.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.model.ZipBombs;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ServingModel;
import io.sluice.scoring.ServingOptions;
import io.sluice.service.CapturedLog;
import io.sluice.service.config.CandidateConfig;
import io.sluice.service.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store updater survives anything a load throws, Errors included: counted, logged, and polling goes on. */
class ModelUpdaterTest {

    @TempDir
    Path dir;

    /**
     * A store whose CURRENT the test sets, serving the artifacts in {@code versions}' sub-folders and throwing
     * {@code error} for "boom".
     */
    private static final class Store implements ModelSource {

        final AtomicReference<String> current = new AtomicReference<>();
        final Path versions;
        final Error error;

        Store(Path versions, Error error) {
            this.versions = versions;
            this.error = error;
        }

        @Override
        public Optional<String> pointer(String name) {
            return name.equals(CURRENT) ? Optional.ofNullable(current.get()) : Optional.empty();
        }

        @Override
        public List<String> versions() {
            return List.of();
        }

        @Override
        public void fetch(String version, Path target, long maxBytes) throws IOException {
            if (version.equals("boom")) {
                throw error;
            }
            try (var files = Files.list(versions.resolve(version))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }

        @Override
        public String describe() {
            return "test-store/";
        }
    }

    private static ModelConfig config(boolean fallback) {
        return new ModelConfig("test-store", new ServingOptions(ServingOptions.Inference.COMPILED, 1, 256L << 20, 5),
                Duration.ofMillis(50), fallback, new ModelConfig.S3("us-east-1", "", false),
                new CandidateConfig(CandidateConfig.Mode.SHADOW, 0.01, 1000));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static boolean serving(ModelRegistry registry, String version) {
        return registry.current().map(ServingModel::version).map(version::equals).orElse(false);
    }

    @Test
    void errorThrownWhileLoadingIsARefusalAndPollingGoesOn() throws Exception {
        ZipBombs.writeValid(dir.resolve("v1"), "v1");
        ZipBombs.writeValid(dir.resolve("v2"), "v2");
        Store store = new Store(dir, new OutOfMemoryError("simulated: inflating a hostile artifact"));
        ModelRegistry registry = new ModelRegistry();
        store.current.set("v1");
        try (CapturedLog log = CapturedLog.of(ModelUpdater.class);
             ModelUpdater updater = new ModelUpdater(store, registry, config(false))) {
            updater.start();
            await(() -> serving(registry, "v1"), "v1 serves");

            store.current.set("boom");
            await(() -> updater.refusedLoads() == 1, "the Error is counted as a refusal");
            await(() -> log.lines().stream().anyMatch(line -> line.startsWith("ERROR refused model boom")
                    && line.contains("simulated")), "the refusal is logged");

            store.current.set("v2");
            await(() -> updater.successfulLoads() == 2, "polling goes on after the Error");
            assertThat(serving(registry, "v2")).isTrue();
        }
    }

    @Test
    void errorThrownByTheFirstLoadFallsBackToTheBundledModelAndRetries() throws Exception {
        Store store = new Store(dir, new StackOverflowError("simulated"));
        ModelRegistry registry = new ModelRegistry();
        store.current.set("boom");
        String bundled = ModelArtifact.read(ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX), 1L << 30).version();
        try (CapturedLog log = CapturedLog.of(ModelUpdater.class);
             ModelUpdater updater = new ModelUpdater(store, registry, config(true))) {
            updater.start();

            await(() -> serving(registry, bundled), "the bundled model serves");
            await(() -> updater.refusedLoads() >= 2, "the first load is retried");
            await(() -> log.lines().stream().anyMatch(line -> line.startsWith(
                    "WARN model store test-store/: no model loaded") && line.contains("StackOverflowError")),
                    "the refusal is logged");
        }
    }
}
