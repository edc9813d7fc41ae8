package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuPerCallTest {

    @Test
    void theIdleShareOfTheWindowIsSubtractedBeforeDividingByCalls() {
        // 10 s window, 4.2 s CPU, idling at 0.02 cores: 0.2 s is not the calls' work; 40,000 calls share 4.0 s.
        CpuPerCall cost = CpuPerCall.of(Duration.ofMillis(4_200), Duration.ofSeconds(10), 0.02, 40_000);

        assertThat(cost.micros()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void idleRateIsCpuOverWallTime() {
        assertThat(CpuPerCall.rate(Duration.ofMillis(30), Duration.ofSeconds(3))).isCloseTo(0.01, within(1e-12));
        assertThat(CpuPerCall.rate(Duration.ofMillis(30), Duration.ZERO)).isZero();
    }

    @Test
    void aWindowQuieterThanIdleCostsNothingRatherThanANegativeFigure() {
        CpuPerCall cost = CpuPerCall.of(Duration.ofMillis(10), Duration.ofSeconds(10), 0.01, 1_000);

        assertThat(cost.micros()).isZero();
    }

    @Test
    void noAnswersGiveNoFigure() {
        assertThat(CpuPerCall.of(Duration.ofSeconds(1), Duration.ofSeconds(10), 0, 0).micros()).isNaN();
    }

    private static CpuPerCallReport.Sample sample(int round, String server, double micros, double p99Ms) {
        StepResult step = new StepResult(4000, 10, 40_000, 40_000, 0, 0, Map.of(), 4000, 4000, 0.2, 0.5, p99Ms,
                p99Ms * 2, p99Ms * 3, 0, 0);
        return new CpuPerCallReport.Sample(round, server, "thrift",
                new CpuPerCall(Duration.ofSeconds(4), Duration.ofSeconds(10), 0, 40_000, micros), step);
    }

    @Test
    void sluiceAgainstEchoIsTakenWithinEachRoundThenSummarised() {
        List<CpuPerCallReport.Sample> samples = List.of(
                sample(1, "echo", 50, 1.0), sample(1, "sluice-compiled", 100, 1.2),
                sample(2, "sluice-compiled", 110, 2.0), sample(2, "echo", 100, 1.5));

        Map<String, Spread> summary = CpuPerCallBench.summarise(samples);

        // Per round 2.0 and 1.1; the ratio of the medians (105 / 75 = 1.4) would hide the spread.
        assertThat(summary.get("sluice-compiled.thrift.cpu_vs_echo").values())
                .usingElementComparator(CpuPerCallTest::compareClose).containsExactly(2.0, 1.1);
        assertThat(summary.get("sluice-compiled.thrift.cpu_vs_echo").median()).isCloseTo(1.55, within(1e-9));
        assertThat(summary.get("echo.thrift.cpu_us_per_call").median()).isEqualTo(75);
        assertThat(summary.get("sluice-compiled.thrift.p99_minus_echo_ms").values())
                .usingElementComparator(CpuPerCallTest::compareClose).containsExactly(0.2, 0.5);
    }

    private static int compareClose(Double a, Double b) {
        return Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b);
    }
}
