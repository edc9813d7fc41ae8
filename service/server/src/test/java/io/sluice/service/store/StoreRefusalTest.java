package io.sluice.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.ModelArtifact;
import io.sluice.model.ZipBombs;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ServingModel;
import io.sluice.scoring.ServingOptions;
import io.sluice.service.CapturedLog;
import io.sluice.service.config.CandidateConfig;
import io.sluice.service.config.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a refused version of a folder store looks like to an operator, and how it recovers. */
class StoreRefusalTest {

    @TempDir
    Path store;
    @TempDir
    Path scratch;

    private static ModelConfig config(Path store) {
        return new ModelConfig(store.toString(), new ServingOptions(ServingOptions.Inference.COMPILED, 1, 256L << 20,
                5), Duration.ofMillis(50), false, new ModelConfig.S3("us-east-1", "", false),
                new CandidateConfig(CandidateConfig.Mode.SHADOW, 0.01, 1000));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static boolean serving(ModelRegistry registry, String version) {
        return registry.current().map(ServingModel::version).map(version::equals).orElse(false);
    }

    @Test
    void aRefusedVersionIsNamedByItsStoreFolderAndLoadsOnceItsFilesAreFixed() throws Exception {
        ZipBombs.writeValid(store.resolve("good-1"), "good-1");
        Files.writeString(store.resolve(ModelSource.CURRENT), "good-1\n");
        ModelRegistry registry = new ModelRegistry();
        try (CapturedLog log = CapturedLog.of(ModelUpdater.class);
             ModelUpdater updater = new ModelUpdater(new LocalFolderSource(store), registry, config(store))) {
            updater.start();
            await(() -> serving(registry, "good-1"), "good-1 serves");

            Path fixed = scratch.resolve("my-3");
            ZipBombs.writeValid(fixed, "my-3");
            Path published = store.resolve("my-3");
            Files.createDirectories(published);
            Files.copy(fixed.resolve(ModelArtifact.MANIFEST_FILE), published.resolve(ModelArtifact.MANIFEST_FILE));
            Files.writeString(published.resolve(ModelArtifact.NETWORK_FILE), "not the network the manifest names");
            Files.writeString(store.resolve(ModelSource.CURRENT), "my-3\n");
            await(() -> updater.refusedLoads() == 1, "my-3 is refused");
            await(() -> !log.lines().isEmpty(), "the refusal is logged");
            assertThat(log.lines().get(0)).contains(published + "/").contains("network.zip is corrupt")
                    .doesNotContain(ModelUpdater.WORK_FOLDER_PREFIX);

            Files.copy(fixed.resolve(ModelArtifact.NETWORK_FILE), published.resolve(ModelArtifact.NETWORK_FILE),
                    StandardCopyOption.REPLACE_EXISTING);
            await(() -> serving(registry, "my-3"), "my-3 serves once its files are fixed, CURRENT unchanged");
        }
    }
}
