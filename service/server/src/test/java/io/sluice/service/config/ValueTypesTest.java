package io.sluice.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.scoring.ServingOptions.Inference;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void durationsPrintInTheirLargestExactUnitNotIso() {
        ValueType<Duration> type = ValueTypes.duration(Duration.ZERO, null);

        assertThat(type.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(type.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(type.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(type.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(type.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(type.format(type.parse("PT10S"))).isEqualTo("10s");
    }

    @Test
    void durationBoundsAreEnforcedAndStated() {
        ValueType<Duration> type = ValueTypes.duration(Duration.ofMillis(1), Duration.ofHours(24));

        assertThat(type.expected()).endsWith(", from 1ms to 24h");
        assertThatThrownBy(() -> type.parse("0s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> type.parse("25h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> type.parse("PT-5S")).isInstanceOf(IllegalArgumentException.class);
        assertThat(type.parse("24h")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void choicesAcceptTheirNamesInEitherCaseAndPrintLowerCase() {
        ValueType<Inference> type = ValueTypes.choice(Inference.class);

        assertThat(type.parse("DL4J")).isEqualTo(Inference.DL4J);
        assertThat(type.format(Inference.COMPILED)).isEqualTo("compiled");
        assertThat(type.expected()).isEqualTo("compiled or dl4j");
        assertThatThrownBy(() -> type.parse("onnx")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoValueRangesReadAsEitherOr() {
        ValueType<Integer> type = ValueTypes.integer("", 0, 1);

        assertThat(type.expected()).isEqualTo("0 or 1");
        assertThatThrownBy(() -> type.parse("2")).isInstanceOf(IllegalArgumentException.class);
    }
}
