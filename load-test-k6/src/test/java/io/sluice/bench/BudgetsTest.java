package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetsTest {

    @Test
    void shippedBudgetsGiveK6ItsThresholdAndTheGeneratorItsSettings() throws IOException {
        Budgets budgets = Budgets.load(Path.of("budgets.json"));

        assertThat(budgets.scenarios().get("grpc_unary").p99Ms()).isEqualTo(5);
        assertThat(budgets.scenarios().get("grpc_unary").duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(budgets.generator().host()).isEqualTo("127.0.0.1");
        assertThat(budgets.generator().step()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void generatorRefusesANonLoopbackTarget(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("budgets.json");
        Files.writeString(file, Files.readString(Path.of("budgets.json")).replace("\"127.0.0.1\"", "\"10.0.0.7\""));

        assertThatThrownBy(() -> Budgets.load(file)).isInstanceOf(IOException.class).hasMessageContaining("loopback");
    }

    @Test
    void aDurationK6CannotReadIsRejectedWithItsText(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("budgets.json");
        Files.writeString(file, Files.readString(Path.of("budgets.json")).replace("\"2s\"", "\"2 seconds\""));

        assertThatThrownBy(() -> Budgets.load(file)).isInstanceOf(IOException.class).hasMessageContaining("2 seconds");
    }
}
