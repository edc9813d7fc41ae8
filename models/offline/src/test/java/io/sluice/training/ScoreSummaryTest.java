package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreSummaryTest {

    private final double[] scores = new double[50_000];
    private final boolean[] labels = new boolean[scores.length];
    private final ScoreSummary summary = new ScoreSummary();

    ScoreSummaryTest() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < scores.length; i++) {
            double p = random.nextDouble() * random.nextDouble();
            scores[i] = Math.min(1, Math.max(0, p + 0.1 * (random.nextDouble() - 0.5)));
            labels[i] = random.nextDouble() < p;
            summary.add(scores[i], labels[i], 1);
        }
    }

    @Test
    void aucMatchesTheExactComputationWithinBinTies() {
        assertThat(summary.auc()).isCloseTo(Metrics.auc(scores, labels), within(1e-4));
    }

    @Test
    void logLossAndCalibrationErrorAreExact() {
        assertThat(summary.logLoss()).isCloseTo(Metrics.logLoss(scores, labels), within(1e-12));
        assertThat(summary.expectedCalibrationError())
                .isCloseTo(Metrics.expectedCalibrationError(scores, labels, 10), within(1e-12));
        assertThat(summary.rows()).isEqualTo(scores.length);
    }

    @Test
    void aWeightCountsLikeThatManyCopies() {
        ScoreSummary weighted = new ScoreSummary();
        weighted.add(0.3, true, 2);
        weighted.add(0.6, false, 1);
        ScoreSummary copies = new ScoreSummary();
        copies.add(0.3, true, 1);
        copies.add(0.3, true, 1);
        copies.add(0.6, false, 1);

        assertThat(weighted.logLoss()).isCloseTo(copies.logLoss(), within(1e-12));
        assertThat(weighted.positiveRate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(weighted.auc()).isEqualTo(copies.auc()).isZero();
        assertThat(weighted.rows()).isEqualTo(2);
    }

    @Test
    void withoutBothClassesAucIsNotANumber() {
        ScoreSummary onlyBids = new ScoreSummary();
        onlyBids.add(0.4, true, 1);

        assertThat(onlyBids.auc()).isNaN();
    }
}
