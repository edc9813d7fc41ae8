package io.sluice.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.BuildInfo;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.scoring.ModelLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "score", "legacy-filter", "health"})
    void everyCommandPrintsTheVersionCommitAndBundledModel(String command) throws Exception {
        CliRun run = command.isEmpty() ? CliRun.server("--version") : CliRun.server(command, "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String bundled = ModelArtifact.readManifest(ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX)).getVersion();
        assertThat(run.out().lines().toList()).hasSize(3)
                .first().isEqualTo("sluice " + BuildInfo.current().version() + " (git commit "
                        + BuildInfo.current().gitCommit() + ")");
        assertThat(run.out()).contains("bundled model: bid-likelihood " + bundled + " (feature spec ", "deeplearning4j");
    }
}
