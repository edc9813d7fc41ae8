package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuCapTest {

    private static final Duration PERIOD = Duration.ofMillis(10);

    @Test
    void aQuarterOfACpuIs2500MicrosecondsPer10MsPeriod() {
        assertThat(CpuCap.quotaMicros(0.25, PERIOD)).isEqualTo(2_500);
        assertThat(CpuCap.quotaMicros(2, PERIOD)).isEqualTo(20_000);
    }

    @Test
    void aQuotaUnderTheKernelsOneMillisecondMinimumIsRefusedNamingTheShortestPeriodThatWorks() {
        // Rounding it up to 1 ms would silently cap a 1 ms period at a whole CPU, not at the quarter asked for.
        assertThatThrownBy(() -> CpuCap.quotaMicros(0.25, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("0.25 of a CPU per 1 ms period is 250 us of CPU, under the kernel's 1 ms minimum quota;"
                        + " use a period of at least 4 ms");
        assertThat(CpuCap.quotaMicros(0.25, Duration.ofMillis(4))).isEqualTo(1_000);
        assertThatThrownBy(() -> CpuCap.quotaMicros(0, PERIOD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theGroupGetsItsPeriodAndQuotaAndTheProcessItIsGiven(@TempDir Path controller) throws Exception {
        Files.writeString(controller.resolve("cgroup.procs"), "");
        try (CpuCap cap = CpuCap.create(controller, "bench", 0.5, PERIOD)) {
            Path group = controller.resolve("bench");
            cap.add(4242);
            Files.writeString(group.resolve("cpu.stat"), "nr_periods 10\nnr_throttled 3\nthrottled_time 7\n");

            assertThat(Files.readString(group.resolve("cpu.cfs_period_us"))).isEqualTo("10000");
            assertThat(Files.readString(group.resolve("cpu.cfs_quota_us"))).isEqualTo("5000");
            assertThat(Files.readString(group.resolve("cgroup.procs"))).isEqualTo("4242");
            assertThat(cap.throttledPeriods()).isEqualTo(3);
            // A real cgroup directory empties itself; a plain one needs its files gone before close removes it.
            for (String file : new String[] {"cpu.cfs_period_us", "cpu.cfs_quota_us", "cgroup.procs", "cpu.stat"}) {
                Files.delete(group.resolve(file));
            }
        }
        assertThat(controller.resolve("bench")).doesNotExist();
    }

    @Test
    void withoutAWritableControllerTheCapSaysWhatIsMissing(@TempDir Path nowhere) {
        assertThatThrownBy(() -> CpuCap.create(nowhere, "bench", 0.25, PERIOD))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no writable cgroup v1 cpu controller");
    }
}
