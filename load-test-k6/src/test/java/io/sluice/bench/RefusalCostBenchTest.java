package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RefusalCostBenchTest {

    @Test
    void freeRefusalsKeepTheWholeCapacityAtAnyFactor() {
        assertThat(RefusalCostBench.goodputVsCapacity(4, 0)).isEqualTo(1.0);
    }

    @Test
    void refusalsCostingATenthOfAnAnswerLeaveTwoThirdsAtFourTimesCapacity() {
        assertThat(RefusalCostBench.goodputVsCapacity(4, 0.1)).isCloseTo(0.6 / 0.9, within(1e-9));
        assertThat(RefusalCostBench.goodputVsCapacity(2, 0.1)).isCloseTo(0.8 / 0.9, within(1e-9));
    }

    @Test
    void refusalsCostingAQuarterOfAnAnswerLeaveNothingAtFourTimesCapacity() {
        assertThat(RefusalCostBench.goodputVsCapacity(4, 0.25)).isZero();
    }
}
