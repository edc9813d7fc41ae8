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
    void aucIsWithinItsStatedBoundOfTheExactComputation() {
        double exact = Metrics.auc(scores, labels);

        // The bound also counts exact ties (here the scores clipped to 0), which the exact AUC counts one half too.
        assertThat(summary.aucMaxError()).isPositive().isLessThan(1e-3);
        assertThat(summary.auc()).isCloseTo(exact, within(summary.aucMaxError()));
    }

    @Test
    void theAucBoundIsReachedWhenEveryPairSharesABin() {
        // Exact AUC 1 (every bid above every non-bid), but 1e-9 apart: all in one bin, counted as ties.
        ScoreSummary close = new ScoreSummary();
        close.add(0.400000001, true, 1);
        close.add(0.4, false, 1);

        assertThat(close.auc()).isEqualTo(0.5);
        assertThat(close.aucMaxError()).isEqualTo(0.5);
    }

    @Test
    void scoresInSeparateBinsGiveTheExactAucWithNoError() {
        ScoreSummary apart = new ScoreSummary();
        double[] bids = {0.9, 0.7, 0.3};
        double[] nonBids = {0.8, 0.2, 0.1};
        for (int i = 0; i < bids.length; i++) {
            apart.add(bids[i], true, 1);
            apart.add(nonBids[i], false, 1);
        }

        // Of the 9 pairs the bid wins 0.9 > all three, 0.7 > two, 0.3 > two: 7 / 9.
        assertThat(apart.auc()).isCloseTo(7.0 / 9, within(1e-15));
        assertThat(apart.aucMaxError()).isZero();
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
