package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.ThresholdPoint;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdTableTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void eachPointIsTheLargestThresholdKeepingItsRecallWithTheSharesItKeepsAndFilters() {
        // Ten requests, four bids (scored 0.2, 0.5, 0.7, 0.9).
        double[] scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.05};
        boolean[] bids = {F, T, F, F, T, F, T, F, T, F};

        List<ThresholdPoint> points = ThresholdTable.of(scores, bids).points();

        assertThat(points).extracting(ThresholdPoint::getThreshold).containsExactly(0.2, 0.5, 0.7, 0.9);
        assertThat(points).extracting(ThresholdPoint::getRecall).containsExactly(1.0, 0.75, 0.5, 0.25);
        assertThat(points).extracting(ThresholdPoint::getFilteredShare).containsExactly(0.2, 0.5, 0.7, 0.9);
    }

    @Test
    void theDefaultThresholdRuleIsTheTablePointAtTheKeepRate() {
        SplittableRandom random = new SplittableRandom(5);
        double[] scores = new double[20_000];
        boolean[] bids = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble();
            bids[i] = random.nextDouble() < scores[i] * 0.3;
        }
        ThresholdTable table = ThresholdTable.of(scores, bids);

        List<ThresholdPoint> points = table.points();

        assertThat(points).hasSize(ThresholdTable.RECALL_STEPS);
        assertThat(points).anySatisfy(point -> assertThat(point.getThreshold())
                .isEqualTo(table.thresholdKeeping(0.95)));
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).getThreshold()).isGreaterThan(points.get(i - 1).getThreshold());
            assertThat(points.get(i).getRecall()).isLessThan(points.get(i - 1).getRecall());
            assertThat(points.get(i).getFilteredShare()).isGreaterThan(points.get(i - 1).getFilteredShare());
        }
        ThresholdPoint at95 = points.stream().filter(p -> p.getThreshold() == table.thresholdKeeping(0.95))
                .findFirst().orElseThrow();
        assertThat(at95.getRecall()).isGreaterThanOrEqualTo(0.95).isCloseTo(0.95, within(0.001));
    }

    @Test
    void aSplitWithoutBidsHasNoTableAndAZeroThreshold() {
        ThresholdTable table = ThresholdTable.of(new double[] {0.1, 0.2}, new boolean[] {F, F});

        assertThat(table.points()).isEmpty();
        assertThat(table.thresholdKeeping(0.95)).isZero();
    }
}
