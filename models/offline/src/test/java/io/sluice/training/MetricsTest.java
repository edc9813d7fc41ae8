package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.training.Metrics.ReliabilityBin;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void aucCountsATiedPositiveNegativePairAsHalf() {
        // Pairs (pos, neg): (0.4, 0.1) win, (0.4, 0.4) tie, (0.8, 0.1) win, (0.8, 0.4) win -> 3.5 / 4.
        assertThat(Metrics.auc(new double[] {0.1, 0.4, 0.4, 0.8}, new boolean[] {F, T, F, T}))
                .isCloseTo(0.875, within(1e-12));
    }

    @Test
    void aucIsOneForAPerfectRankingAndZeroForAnInvertedOne() {
        boolean[] labels = {F, F, T, T};
        assertThat(Metrics.auc(new double[] {0.1, 0.2, 0.3, 0.9}, labels)).isEqualTo(1.0);
        assertThat(Metrics.auc(new double[] {0.9, 0.3, 0.2, 0.1}, labels)).isEqualTo(0.0);
    }

    @Test
    void aucIsHalfWhenAllScoresTie() {
        assertThat(Metrics.auc(new double[] {0.3, 0.3, 0.3, 0.3, 0.3}, new boolean[] {T, F, F, T, F}))
                .isEqualTo(0.5);
    }

    @Test
    void aucAcceptsScoresOutsideTheUnitInterval() {
        // AUC only ranks, so raw logits are fine.
        assertThat(Metrics.auc(new double[] {-3, 5, -1, 2}, new boolean[] {F, T, F, T})).isEqualTo(1.0);
    }

    @Test
    void aucMatchesABruteForcePairCountOnTiedRandomData() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 600;
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            // Coarse rounding forces many ties across and within classes.
            scores[i] = Math.round(random.nextDouble() * 20) / 20.0;
            labels[i] = random.nextDouble() < 0.2 + 0.5 * scores[i];
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (labels[i] && !labels[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(Metrics.auc(scores, labels)).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void aucRejectsASingleClass() {
        assertThatThrownBy(() -> Metrics.auc(new double[] {0.1, 0.2}, new boolean[] {T, T}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both classes");
    }

    @Test
    void aucRejectsNaNScores() {
        assertThatThrownBy(() -> Metrics.auc(new double[] {Double.NaN, 0.2}, new boolean[] {T, F}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void everyMetricRejectsMismatchedLengthsAndEmptyInput() {
        double[] two = {0.1, 0.2};
        boolean[] three = {T, F, T};
        assertThatThrownBy(() -> Metrics.auc(two, three)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Metrics.logLoss(two, three)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metrics.expectedCalibrationError(two, three, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metrics.reliabilityTable(two, three, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metrics.logLoss(new double[0], new boolean[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Metrics.meanBinaryEntropy(new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void logLossIsTheMeanNaturalLogCrossEntropy() {
        // -(ln 0.9 + ln(1 - 0.2)) / 2
        double expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
        assertThat(Metrics.logLoss(new double[] {0.9, 0.2}, new boolean[] {T, F}))
                .isCloseTo(expected, within(1e-12))
                .isCloseTo(0.164252, within(1e-6));
    }

    @Test
    void logLossClipsACertainMistakeInsteadOfReturningInfinity() {
        assertThat(Metrics.logLoss(new double[] {0.0}, new boolean[] {T}))
                .isCloseTo(-Math.log(1e-15), within(1e-9));
        assertThat(Metrics.logLoss(new double[] {1.0}, new boolean[] {F})).isFinite().isGreaterThan(30);
    }

    @Test
    void logLossRejectsScoresThatAreNotProbabilities() {
        assertThatThrownBy(() -> Metrics.logLoss(new double[] {1.5}, new boolean[] {T}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
    }

    @Test
    void expectedCalibrationErrorWeightsEachBinsGapByItsCount() {
        // Bin [0, .5): mean score 0.2, rate 0.5 -> 0.3 x 2/4. Bin [.5, 1]: mean 0.8, rate 1.0 -> 0.2 x 2/4.
        double ece = Metrics.expectedCalibrationError(new double[] {0.1, 0.3, 0.7, 0.9},
                new boolean[] {F, T, T, T}, 2);
        assertThat(ece).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void expectedCalibrationErrorIsZeroForCalibratedScores() {
        assertThat(Metrics.expectedCalibrationError(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {T, F, T, F},
                10)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void expectedCalibrationErrorRejectsZeroBins() {
        assertThatThrownBy(() -> Metrics.expectedCalibrationError(new double[] {0.5}, new boolean[] {T}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bins");
    }

    @Test
    void reliabilityTableListsEveryBinAndPutsAScoreOfOneInTheLast() {
        List<ReliabilityBin> table = Metrics.reliabilityTable(new double[] {0.1, 0.3, 1.0, 0.9},
                new boolean[] {F, T, T, F}, 4);
        assertThat(table).hasSize(4);
        assertThat(table.get(0)).isEqualTo(new ReliabilityBin(0.0, 0.25, 1, 0.1, 0.0));
        assertThat(table.get(1)).isEqualTo(new ReliabilityBin(0.25, 0.5, 1, 0.3, 1.0));
        assertThat(table.get(2).count()).isZero();
        assertThat(table.get(2).meanPredicted()).isNaN();
        assertThat(table.get(2).observedRate()).isNaN();
        assertThat(table.get(3).count()).isEqualTo(2);
        assertThat(table.get(3).meanPredicted()).isCloseTo(0.95, within(1e-12));
        assertThat(table.get(3).observedRate()).isEqualTo(0.5);
        assertThat(table.get(3).upper()).isEqualTo(1.0);
    }

    @Test
    void meanBinaryEntropyIsTheBayesLogLossInNats() {
        assertThat(Metrics.meanBinaryEntropy(new double[] {0.5})).isCloseTo(Math.log(2), within(1e-12));
        // Certain outcomes carry no entropy (0 ln 0 = 0), so this averages ln 2 with two zeros.
        assertThat(Metrics.meanBinaryEntropy(new double[] {0.5, 0.0, 1.0}))
                .isCloseTo(Math.log(2) / 3, within(1e-12));
    }

    @Test
    void meanBinaryEntropyEqualsTheExpectedLogLossOfTheTruth() {
        // E[logLoss(p, y ~ Bernoulli(p))] = H(p); check on a large draw.
        SplittableRandom random = new SplittableRandom(11);
        int n = 200_000;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextDouble();
            y[i] = random.nextDouble() < p[i];
        }
        assertThat(Metrics.logLoss(p, y)).isCloseTo(Metrics.meanBinaryEntropy(p), within(0.005));
    }
}
