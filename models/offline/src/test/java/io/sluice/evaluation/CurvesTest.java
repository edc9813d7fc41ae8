package io.sluice.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.training.Metrics;
import io.sluice.training.ScoreSummary;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CurvesTest {

    private static final boolean T = true;
    private static final boolean F = false;
    /** Five requests, three bids; the two scored 0.2 tie and must stay on the same side of every threshold. */
    private static final double[] SCORES = {0.1, 0.2, 0.2, 0.4, 0.9};
    private static final boolean[] LABELS = {F, T, F, T, T};

    private static ScoreSummary summary(double[] scores, boolean[] labels) {
        ScoreSummary summary = new ScoreSummary();
        for (int i = 0; i < scores.length; i++) {
            summary.add(scores[i], labels[i], 1);
        }
        return summary;
    }

    @Test
    void rocCurveStepsThroughEachDistinctScoreWithTiesAsOneDiagonalStep() {
        RocCurve roc = RocCurve.of(summary(SCORES, LABELS));

        assertThat(roc.falsePositiveRate()).containsExactly(0, 0, 0, 0.5, 1);
        assertThat(roc.truePositiveRate()).containsExactly(new double[] {0, 1.0 / 3, 2.0 / 3, 1, 1}, within(1e-12));
    }

    @Test
    void areaUnderTheRocCurveEqualsTheRankAucOnTiedRandomData() {
        SplittableRandom random = new SplittableRandom(3);
        double[] scores = new double[2000];
        boolean[] labels = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.round(random.nextDouble() * 30) / 30.0;
            labels[i] = random.nextDouble() < scores[i];
        }
        ScoreSummary summary = summary(scores, labels);
        RocCurve roc = RocCurve.of(summary);
        double area = 0;
        for (int i = 1; i < roc.falsePositiveRate().length; i++) {
            area += (roc.falsePositiveRate()[i] - roc.falsePositiveRate()[i - 1])
                    * (roc.truePositiveRate()[i] + roc.truePositiveRate()[i - 1]) / 2;
        }
        // Scores rounded to 1/30 are far apart, so the bins hold exactly the tied groups: the rank AUC is exact.
        assertThat(summary.aucMaxError()).isPositive();
        assertThat(area).isCloseTo(summary.auc(), within(1e-12)).isCloseTo(Metrics.auc(scores, labels), within(1e-12));
    }

    @Test
    void filterCurveDropsTheLowestScoresFirst() {
        FilterCurve filter = FilterCurve.of(summary(SCORES, LABELS));

        assertThat(filter.filteredShare()).containsExactly(new double[] {0, 0.2, 0.6, 0.8, 1.0}, within(1e-12));
        assertThat(filter.keptBidShare()).containsExactly(new double[] {1, 1, 2.0 / 3, 1.0 / 3, 0}, within(1e-12));
    }

    @Test
    void filteredShareKeepingABidShareIsTheLargestCutThatKeepsEnoughBids() {
        FilterCurve filter = FilterCurve.of(summary(SCORES, LABELS));

        // Filtering the 0.1 request loses no bid; the tied 0.2 pair holds a bid, so 95% allows only that cut.
        assertThat(filter.filteredShareKeeping(0.95)).isCloseTo(0.2, within(1e-12));
        assertThat(filter.filteredShareKeeping(1.0)).isCloseTo(0.2, within(1e-12));
        assertThat(filter.filteredShareKeeping(0.6)).isCloseTo(0.6, within(1e-12));
        assertThat(filter.filteredShareKeeping(0.0)).isEqualTo(1.0);
    }

    @Test
    void aPerfectScoreFiltersEveryNonBidWhileKeepingAllBids() {
        FilterCurve filter = FilterCurve.of(summary(new double[] {0.1, 0.2, 0.3, 0.8, 0.9},
                new boolean[] {F, F, F, T, T}));

        assertThat(filter.filteredShareKeeping(0.99)).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void sampledCurvesKeepBothEndsAndAtMostTheRequestedPoints() {
        SplittableRandom random = new SplittableRandom(9);
        double[] scores = new double[5000];
        boolean[] labels = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble();
            labels[i] = random.nextDouble() < scores[i];
        }
        RocCurve roc = RocCurve.of(summary(scores, labels)).sampled(50);
        FilterCurve filter = FilterCurve.of(summary(scores, labels)).sampled(50);

        assertThat(roc.falsePositiveRate()).hasSize(50).startsWith(0.0).endsWith(1.0);
        assertThat(roc.truePositiveRate()).startsWith(0.0).endsWith(1.0);
        assertThat(filter.filteredShare()).hasSize(50).startsWith(0.0).endsWith(1.0);
        assertThat(filter.keptBidShare()).startsWith(1.0).endsWith(0.0);
    }

    @Test
    void curvesRejectASingleClass() {
        assertThatThrownBy(() -> RocCurve.of(summary(new double[] {0.1, 0.2}, new boolean[] {T, T})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
        assertThatThrownBy(() -> FilterCurve.of(summary(new double[] {0.1, 0.2}, new boolean[] {F, F})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
    }
}
