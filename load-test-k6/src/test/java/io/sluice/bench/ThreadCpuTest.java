package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsOfOnePoolAddUpInOneGroupLargestFirst() {
        Map<String, Long> before = Map.of("11 scoring-1", 1_000_000L, "12 scoring-2", 0L,
                "13 grpc-nio-worker", 0L);
        Map<String, Long> after = Map.of("11 scoring-1", 4_000_000L, "12 scoring-2", 2_000_000L,
                "13 grpc-nio-worker", 9_000_000L, "14 GC Thread#3", 1_500_000L);

        assertThat(ThreadCpu.millisByGroup(before, after))
                .containsExactly(Map.entry("grpc-nio-worker", 9.0), Map.entry("scoring", 5.0),
                        Map.entry("GC Thread", 1.5));
    }

    @Test
    void liveThreadsOfThisProcessAreRead() {
        assertThat(ThreadCpu.of(ProcessHandle.current().pid()).snapshot()).isNotEmpty();
    }
}
