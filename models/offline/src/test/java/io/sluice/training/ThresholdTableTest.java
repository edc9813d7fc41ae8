package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.ThresholdPoint;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdTableTest {

    private static final boolean T = true;
    private static final boolean F = false;

    private static ScoreSummary summary(double[] scores, boolean[] bids) {
        ScoreSummary summary = new ScoreSummary();
        for (int i = 0; i < scores.length; i++) {
            summary.add(scores[i], bids[i], 1);
        }
        return summary;
    }

    @Test
    void eachPointIsTheThresholdExpectedToKeepItsRecallWithTheShareItFilters() {
        // Ten requests, four bids (scored 0.2, 0.5, 0.7, 0.9).
        double[] scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.05};
        boolean[] bids = {F, T, F, F, T, F, T, F, T, F};

        List<ThresholdPoint> points = ThresholdTable.of(summary(scores, bids)).points();

        // Thresholds are the summary's bin edges just below each bid's score (bins are 0.001 wide in logit).
        assertThat(points).extracting(ThresholdPoint::getThreshold).hasSize(4);
        double[] bidScores = {0.2, 0.5, 0.7, 0.9};
        for (int i = 0; i < 4; i++) {
            assertThat(points.get(i).getThreshold()).isLessThanOrEqualTo(bidScores[i])
                    .isCloseTo(bidScores[i], within(bidScores[i] * 0.001));
        }
        // A threshold just below the k-th lowest of four bids loses k / 5 of the bids on average (order statistics),
        // not the (k - 1) / 4 it loses of these: a target picks it once it may lose half a bid more than those below.
        assertThat(points).extracting(ThresholdPoint::getRecall).containsExactly(1.0, 0.625, 0.375, 0.125);
        assertThat(points).extracting(ThresholdPoint::getFilteredShare).containsExactly(0.2, 0.5, 0.7, 0.9);
    }

    @Test
    void underShapingTheThresholdATargetPicksLosesTheTargetOnAverageAsItsPointSays() {
        // A shaped round's held-out bids as sluice simulate sees them at 1% exploration: 8,000 bids of one partner;
        // the 5% the previous model scored lowest come back only when explored (1 in 100, weighing 100), and the new
        // model's scores move each bid by N(0, 0.03) of the bid-score range.
        Random random = new Random(11);
        float[] population = new float[1_000_000];
        for (int i = 0; i < population.length; i++) {
            population[i] = (float) newScore(random.nextDouble(), random);
        }
        Arrays.sort(population);
        int draws = 3000;
        double trueLoss = 0;
        for (int draw = 0; draw < draws; draw++) {
            ScoreSummary heldOut = new ScoreSummary();
            for (int bid = 0; bid < 8000; bid++) {
                double previous = random.nextDouble();
                boolean explored = random.nextDouble() < 0.01;
                if (previous >= 0.05 || explored) {
                    heldOut.add(newScore(previous, random), true, previous >= 0.05 ? 1 : 100);
                }
            }
            ThresholdTable table = ThresholdTable.of(heldOut);
            double threshold = table.thresholdKeeping(0.95);
            // A server's pick for target 0.95: the largest threshold whose point says it keeps 0.95.
            assertThat(table.points().stream().filter(p -> p.getRecall() >= 0.95)
                    .mapToDouble(ThresholdPoint::getThreshold).max().orElseThrow()).isEqualTo(threshold);
            int below = Arrays.binarySearch(population, (float) threshold);
            trueLoss += (below >= 0 ? below : -below - 1) / (double) population.length / draws;
        }

        // The largest threshold whose held-out bids below stay within 5% sits just below the bid that takes them
        // past it, often an explored one weighing 100: it lost 0.19 points more than the target on average (one
        // draw's standard error is 1.9 points, so the mean of 3,000 draws is known to 0.035).
        assertThat(trueLoss).isCloseTo(0.05, within(0.001));
    }

    /** The new model's score of a bid the previous model placed at quantile {@code previous} of the bids. */
    private static double newScore(double previous, Random random) {
        return 0.2 + 0.6 * (previous + 0.03 * random.nextGaussian());
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
        ThresholdTable table = ThresholdTable.of(summary(scores, bids));

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
    void weightsCountAsThatManyEntries() {
        ScoreSummary weighted = new ScoreSummary();
        weighted.add(0.2, true, 3);
        weighted.add(0.8, true, 1);
        weighted.add(0.5, false, 4);
        ScoreSummary repeated = new ScoreSummary();
        for (int i = 0; i < 3; i++) {
            repeated.add(0.2, true, 1);
        }
        repeated.add(0.8, true, 1);
        for (int i = 0; i < 4; i++) {
            repeated.add(0.5, false, 1);
        }

        List<ThresholdPoint> points = ThresholdTable.of(weighted).points();

        assertThat(points).extracting(ThresholdPoint::getThreshold, ThresholdPoint::getRecall,
                ThresholdPoint::getFilteredShare).containsExactlyElementsOf(ThresholdTable.of(repeated).points()
                .stream().map(p -> tuple(p.getThreshold(), p.getRecall(), p.getFilteredShare())).toList());
        assertThat(points).extracting(ThresholdPoint::getFilteredShare).containsExactly(0.0, 0.875);
    }

    @Test
    void unweightedBidsGiveTheBinomialStandardErrorOfRecall() {
        double[] scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.05};
        boolean[] bids = {F, T, F, F, T, F, T, F, T, F};

        List<ThresholdPoint> points = ThresholdTable.of(summary(scores, bids)).points();

        // The error of the share each threshold keeps of the four.
        double[] kept = {1.0, 0.75, 0.5, 0.25};
        for (int i = 0; i < kept.length; i++) {
            assertThat(points.get(i).getRecallStandardError())
                    .isCloseTo(Math.sqrt(kept[i] * (1 - kept[i]) / 4), within(1e-12));
        }
    }

    @Test
    void aHeavyExploredBidBelowTheThresholdMakesTheRecallLessCertainThanAsManyOrdinaryBids() {
        // Weighted: one bid explored with p = 1/3 (weight 3) below 0.8, one ordinary bid above. Unweighted: 3 + 1.
        ScoreSummary explored = new ScoreSummary();
        explored.add(0.2, true, 3);
        explored.add(0.8, true, 1);
        ScoreSummary ordinary = new ScoreSummary();
        for (int i = 0; i < 3; i++) {
            ordinary.add(0.2, true, 1);
        }
        ordinary.add(0.8, true, 1);

        ThresholdPoint weighted = ThresholdTable.of(explored).points().get(1);
        ThresholdPoint unweighted = ThresholdTable.of(ordinary).points().get(1);

        assertThat(weighted.getRecall()).isEqualTo(unweighted.getRecall());
        // Both keep 0.25 of the bids: sqrt(0.75^2 * 1 + 0.25^2 * 3^2) / 4 against sqrt(0.25 * 0.75 / 4).
        assertThat(weighted.getRecallStandardError()).isCloseTo(Math.sqrt(0.5625 + 0.5625) / 4, within(1e-12));
        assertThat(unweighted.getRecallStandardError()).isCloseTo(Math.sqrt(0.1875 / 4), within(1e-12));
    }

    @Test
    void aSplitWithoutBidsHasNoTableAndAZeroThreshold() {
        ThresholdTable table = ThresholdTable.of(summary(new double[] {0.1, 0.2}, new boolean[] {F, F}));

        assertThat(table.points()).isEmpty();
        assertThat(table.thresholdKeeping(0.95)).isZero();
    }
}
