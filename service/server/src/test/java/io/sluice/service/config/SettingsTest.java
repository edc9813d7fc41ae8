package io.sluice.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsParseIntoAWholeConfig() {
        SluiceConfig config = SluiceConfig.from(Settings.load(null, Map.of()));

        assertThat(config.grpc().port()).isEqualTo(50051);
        assertThat(config.thrift().port()).isEqualTo(9090);
        assertThat(config.thrift().requestBudget()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.grpc().maxInboundMessageBytes()).isEqualTo(1 << 20);
        assertThat(config.model().location()).isEqualTo(ModelConfig.BUNDLED);
    }

    @Test
    void environmentOverridesTheFileWhichOverridesDefaults() throws Exception {
        Path file = dir.resolve("sluice.properties");
        Files.writeString(file, "grpc.port=6000\nthrift.port=6001\n");

        SluiceConfig config = SluiceConfig.from(Settings.load(file, Map.of("SLUICE_GRPC_PORT", "7000")));

        assertThat(config.grpc().port()).isEqualTo(7000);
        assertThat(config.thrift().port()).isEqualTo(6001);
    }

    @Test
    void misspelledKeyInFileIsRejectedNamingIt() throws Exception {
        Path file = dir.resolve("sluice.properties");
        Files.writeString(file, "grpc.prot=6000\n");

        assertThatThrownBy(() -> Settings.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown setting 'grpc.prot'");
    }

    @Test
    void badValueNamesTheKeyAndWhereItCameFrom() {
        Settings settings = Settings.load(null, Map.of("SLUICE_THRIFT_IDLE_TIMEOUT", "soon"));

        assertThatThrownBy(() -> SluiceConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("thrift.idle-timeout must be a duration")
                .hasMessageContaining("environment SLUICE_THRIFT_IDLE_TIMEOUT");
    }

    @Test
    void durationsAndSizesAcceptUnitsAndIso() {
        Settings settings = Settings.load(null, Map.of())
                .with("grpc.shutdown-grace", "PT2S", "test")
                .with("thrift.max-message-size", "2MiB", "test");

        assertThat(settings.duration("grpc.shutdown-grace")).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.bytes("thrift.max-message-size")).isEqualTo(2L << 20);
        assertThat(settings.duration("thrift.request-budget")).isEqualTo(Duration.ofMillis(50));
    }
}
