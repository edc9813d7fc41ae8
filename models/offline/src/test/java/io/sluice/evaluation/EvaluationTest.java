package io.sluice.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.EvaluationReport;
import io.sluice.api.v1.PartnerEvaluation;
import io.sluice.training.Metrics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static final int ROWS = 4000;

    /**
     * Labelled rows column-wise, as the tests build them.
     *
     * @param labels   {@code [partner][row]}: whether the partner bid
     * @param labelled {@code [partner][row]}: whether the row labels the partner
     * @param truth    {@code [partner][row]} true probabilities, or null
     */
    record Columns(boolean[][] labels, boolean[][] labelled, double[][] truth) {
    }

    /** Two partners, "a" and "b", over 4,000 rows with labels drawn from known probabilities. */
    static Columns rows(boolean withTruth) {
        SplittableRandom random = new SplittableRandom(17);
        boolean[][] labels = new boolean[2][ROWS];
        double[][] truth = new double[2][ROWS];
        for (int i = 0; i < ROWS; i++) {
            for (int p = 0; p < 2; p++) {
                truth[p][i] = 0.05 + 0.6 * random.nextDouble() * (p + 1) / 2;
                labels[p][i] = random.nextDouble() < truth[p][i];
            }
        }
        return new Columns(labels, allLabelled(), withTruth ? truth : null);
    }

    static boolean[][] allLabelled() {
        boolean[][] labelled = new boolean[2][ROWS];
        for (boolean[] column : labelled) {
            Arrays.fill(column, true);
        }
        return labelled;
    }

    /** The truth blurred with noise: a decent but imperfect model. */
    static double[][] noisyModel(Columns rows) {
        SplittableRandom random = new SplittableRandom(5);
        double[][] scores = new double[2][ROWS];
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < ROWS; i++) {
                scores[p][i] = Math.min(1, Math.max(0, rows.truth()[p][i] + 0.2 * (random.nextDouble() - 0.5)));
            }
        }
        return scores;
    }

    /** The rows streamed through an {@link EvaluationTally}, one row at a time, with the named scorers' scores. */
    static Evaluation evaluate(Columns rows, Map<String, double[][]> scorers) {
        EvaluationTally tally = new EvaluationTally(List.of("a", "b"), List.copyOf(scorers.keySet()));
        List<double[][]> scores = List.copyOf(scorers.values());
        double[] entry = new double[scores.size()];
        for (int row = 0; row < ROWS; row++) {
            for (int p = 0; p < 2; p++) {
                if (rows.labelled()[p][row]) {
                    for (int s = 0; s < entry.length; s++) {
                        entry[s] = scores.get(s)[p][row];
                    }
                    tally.add(p, rows.labels()[p][row], rows.truth() == null ? Double.NaN : rows.truth()[p][row],
                            entry);
                }
            }
        }
        return tally.evaluation();
    }

    static Evaluation evaluateNoisyModel(Columns rows) {
        return evaluate(rows, Map.of("model", noisyModel(rows)));
    }

    /** {@link #rows} where no row labels partner "b", as in a test split a partner never sent to. */
    static Columns rowsNotLabellingB() {
        Columns all = rows(true);
        boolean[][] labelled = allLabelled();
        Arrays.fill(labelled[1], false);
        return new Columns(all.labels(), labelled, all.truth());
    }

    @Test
    void everyScorerGetsOneEntryPerPartnerThenThePooledOne() {
        EvaluationReport report = evaluateNoisyModel(rows(true)).report().build();

        assertThat(report.getScorers(0).getPartnersList()).extracting(PartnerEvaluation::getPartnerId)
                .containsExactly("a", "b", Evaluation.POOLED);
        assertThat(report.getBayesOptimalList()).extracting(PartnerEvaluation::getPartnerId)
                .containsExactly("a", "b", Evaluation.POOLED);
        PartnerEvaluation pooled = report.getScorers(0).getPartners(2);
        assertThat(pooled.getRows()).isEqualTo(2L * ROWS);
        assertThat(pooled.getPositives()).isEqualTo(report.getScorers(0).getPartners(0).getPositives()
                + report.getScorers(0).getPartners(1).getPositives());
        assertThat(pooled.getReliabilityList()).hasSize(ColumnEvaluation.RELIABILITY_BINS);
    }

    @Test
    void figuresEqualTheExactComputationWithinTheStatedAucBound() {
        Columns rows = rows(true);
        double[][] model = noisyModel(rows);
        PartnerEvaluation a = evaluateNoisyModel(rows).report().build().getScorers(0).getPartners(0);

        assertThat(a.getAucMaxError()).isBetween(0.0, 1e-3);
        assertThat(a.getAuc()).isCloseTo(Metrics.auc(model[0], rows.labels()[0]), within(a.getAucMaxError()));
        assertThat(a.getLogLoss()).isCloseTo(Metrics.logLoss(model[0], rows.labels()[0]), within(1e-12));
        assertThat(a.getEce()).isCloseTo(Metrics.expectedCalibrationError(model[0], rows.labels()[0],
                ColumnEvaluation.RELIABILITY_BINS), within(1e-12));
        List<Metrics.ReliabilityBin> exact = Metrics.reliabilityTable(model[0], rows.labels()[0],
                ColumnEvaluation.RELIABILITY_BINS);
        for (int b = 0; b < exact.size(); b++) {
            assertThat(a.getReliability(b).getRows()).isEqualTo(exact.get(b).count());
            if (exact.get(b).count() > 0) {
                assertThat(a.getReliability(b).getObservedRate()).isCloseTo(exact.get(b).observedRate(),
                        within(1e-12));
            }
        }
    }

    @Test
    void bayesOptimalFiguresAreTheTrueProbabilitiesScoredAsAModel() {
        Columns rows = rows(true);
        EvaluationReport report = evaluateNoisyModel(rows).report().build();

        PartnerEvaluation bayesA = report.getBayesOptimal(0);
        assertThat(bayesA.getAuc()).isCloseTo(Metrics.auc(rows.truth()[0], rows.labels()[0]),
                within(bayesA.getAucMaxError()));
        assertThat(bayesA.getLogLoss()).isCloseTo(Metrics.logLoss(rows.truth()[0], rows.labels()[0]), within(1e-12));
        // A blurred truth ranks and predicts worse than the truth itself.
        assertThat(report.getScorers(0).getPartners(0).getAuc()).isLessThan(bayesA.getAuc());
        assertThat(report.getScorers(0).getPartners(0).getLogLoss()).isGreaterThan(bayesA.getLogLoss());
        assertThat(bayesA.getFilteredShareKeeping95Percent())
                .isGreaterThan(report.getScorers(0).getPartners(0).getFilteredShareKeeping95Percent());
    }

    @Test
    void dataWithoutTrueProbabilitiesHasNoCeiling() {
        double[][] constant = new double[2][ROWS];
        for (double[] column : constant) {
            Arrays.fill(column, 0.3);
        }
        EvaluationReport report = evaluate(rows(false), Map.of("constant", constant)).report().build();

        assertThat(report.getBayesOptimalList()).isEmpty();
        assertThat(report.getScorers(0).getPartners(0).getAuc()).isEqualTo(0.5);
        // A constant score cannot separate anything: the only cuts are nothing or everything.
        assertThat(report.getScorers(0).getPartners(0).getFilteredShareKeeping95Percent()).isEqualTo(0.0);
    }

    @Test
    void aPartnerIsEvaluatedOnlyOnTheRowsThatLabelIt() {
        Columns all = rows(true);
        boolean[][] labelled = allLabelled();
        for (int row = 0; row < ROWS; row += 4) {
            labelled[1][row] = false;
        }
        Columns partial = new Columns(all.labels(), labelled, all.truth());
        // Unlabelled entries carry nonsense scores: they must not move the metrics.
        double[][] scores = noisyModel(all);
        for (int row = 0; row < ROWS; row += 4) {
            scores[1][row] = all.labels()[1][row] ? 0.0 : 1.0;
        }

        EvaluationReport report = evaluate(partial, Map.of("m", scores)).report().build();

        assertThat(report.getScorers(0).getPartners(0).getRows()).isEqualTo(ROWS);
        assertThat(report.getScorers(0).getPartners(1).getRows()).isEqualTo(ROWS * 3 / 4);
        assertThat(report.getScorers(0).getPartners(2).getRows()).isEqualTo(ROWS * 7 / 4);
        assertThat(report.getScorers(0).getPartners(1).getAuc()).isGreaterThan(0.6);
    }

    @Test
    void aPartnerNoRowLabelsIsReportedWithoutFiguresWhileTheOthersAreEvaluated() {
        Columns rows = rowsNotLabellingB();

        Evaluation evaluation = evaluateNoisyModel(rows);
        EvaluationReport report = evaluation.report().build();

        PartnerEvaluation b = report.getScorers(0).getPartners(1);
        assertThat(evaluation.scorers().get(0).columns().get(1).labelled()).isFalse();
        assertThat(b.getRows()).isZero();
        assertThat(b.getAuc()).isNaN();
        assertThat(b.getLogLoss()).isNaN();
        assertThat(b.getReliabilityList()).hasSize(ColumnEvaluation.RELIABILITY_BINS)
                .allSatisfy(bin -> assertThat(bin.getRows()).isZero());
        assertThat(report.getBayesOptimal(1).getRows()).isZero();
        PartnerEvaluation a = report.getScorers(0).getPartners(0);
        assertThat(a.getAuc()).isCloseTo(Metrics.auc(noisyModel(rows)[0], rows.labels()[0]),
                within(a.getAucMaxError()));
        assertThat(report.getScorers(0).getPartners(2).getRows()).isEqualTo(ROWS);
    }

    @Test
    void aScoreThatIsNotAProbabilityIsRejectedNamingTheScorer() {
        EvaluationTally tally = new EvaluationTally(List.of("a"), List.of("broken"));

        assertThatThrownBy(() -> tally.add(0, true, Double.NaN, new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken scored partner a NaN");
    }

    @Test
    void scorersAreReportedInTheOrderGiven() {
        Map<String, double[][]> scorers = new LinkedHashMap<>();
        Columns rows = rows(true);
        scorers.put("model", noisyModel(rows));
        scorers.put("truth", rows.truth());

        EvaluationReport report = evaluate(rows, scorers).report().build();

        assertThat(report.getScorersList()).extracting(s -> s.getName()).containsExactly("model", "truth");
        assertThat(report.getScorers(1).getPartners(0).getAuc()).isEqualTo(report.getBayesOptimal(0).getAuc());
    }

    @Test
    void calibratedScoresHaveSmallEce() {
        EvaluationReport report = evaluate(rows(true), Map.of()).report().build();

        assertThat(report.getBayesOptimal(2).getEce()).isCloseTo(0.0, within(0.02));
    }
}
