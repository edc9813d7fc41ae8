package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.model.ArtifactException;
import io.sluice.model.ZipBombs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundModelReadTest {

    @TempDir
    Path dir;

    @Test
    void modelReadWhileTheEndpointsBindIsInstalledAndServed() throws Exception {
        ModelRead read = SluiceServer.beginReadingConfiguredModel(RunningServer.config(Map.of())).orElseThrow();
        try (RunningServer running = RunningServer.withoutModel(Map.of())) {
            running.server.loadConfiguredModel(read);

            assertThat(running.server.models().current().orElseThrow().version()).isEqualTo("bundled-3");
        }
    }

    @Test
    void refusalOfAModelReadInTheBackgroundFailsTheLoadWithItsReason() throws Exception {
        ZipBombs.writeBomb(dir.resolve("artifact"), "bomb", ZipBombs.GIB_AND_A_HALF);
        Map<String, String> bomb = Map.of("model.location", dir.resolve("artifact").toString());
        ModelRead read = SluiceServer.beginReadingConfiguredModel(RunningServer.config(bomb)).orElseThrow();
        try (RunningServer running = RunningServer.withoutModel(bomb)) {
            assertThatThrownBy(() -> running.server.loadConfiguredModel(read))
                    .isInstanceOf(ArtifactException.class)
                    .hasMessageContaining("inflates to more than");
            assertThat(running.server.models().current()).isEmpty();
        }
    }
}
