package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

    /** A real line's shape: pid, (comm), state, ppid ... utime=1234, stime=56 are fields 14 and 15. */
    private static final String LINE = "4242 (java) S 1 4242 4242 0 -1 4194560 81234 0 12 0 1234 56 0 0 20 0 42 0 "
            + "99 6000000000 120000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void cpuTimeIsUserPlusSystemTicks() {
        assertThat(ProcessCpu.ticks(LINE)).isEqualTo(1234 + 56);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String odd = LINE.replace("(java)", "(my (odd) cmd)");

        assertThat(ProcessCpu.ticks(odd)).isEqualTo(1290);
    }

    @Test
    void ticksAreHundredthsOfASecond(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, LINE + "\n");

        assertThat(new ProcessCpu(stat).used()).isEqualTo(Duration.ofMillis(12_900));
    }

    @Test
    void thisProcessHasUsedSomeCpu() throws Exception {
        assertThat(ProcessCpu.of(ProcessHandle.current().pid()).used()).isPositive();
    }

    @Test
    void aLineThatIsNotAStatLineIsRefused() {
        assertThatThrownBy(() -> ProcessCpu.ticks("no command here")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessCpu.ticks("1 (java) S 1 2")).isInstanceOf(IllegalArgumentException.class);
    }
}
