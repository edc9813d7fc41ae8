package io.sluice.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataSizeTest {

    @Test
    void binaryUnitsParseAndPrintBackTheSame() {
        assertThat(DataSize.parse("64KiB").bytes()).isEqualTo(64 * 1024);
        assertThat(DataSize.parse("1MiB").bytes()).isEqualTo(1 << 20);
        assertThat(DataSize.parse("64KiB")).hasToString("64KiB");
        assertThat(DataSize.parse("1MiB")).hasToString("1MiB");
        assertThat(DataSize.parse("3GiB")).hasToString("3GiB");
    }

    @Test
    void plainBytesPrintInTheLargestExactUnit() {
        assertThat(DataSize.parse("65536")).hasToString("64KiB");
        assertThat(DataSize.parse("1536KiB")).hasToString("1536KiB");
        assertThat(DataSize.parse("1000")).hasToString("1000B");
        assertThat(DataSize.parse("0B")).hasToString("0B");
    }

    @Test
    void negativeFractionalDecimalUnitsAndOverflowAreRefused() {
        for (String text : new String[] {"-1", "1.5MiB", "64KB", "64 KiB", "", "9999999999TiB"}) {
            assertThatThrownBy(() -> DataSize.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
