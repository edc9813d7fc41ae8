package io.sluice.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.EvaluationReport;
import io.sluice.api.v1.PartnerEvaluation;
import io.sluice.training.Metrics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    /** Two partners over 4,000 rows with labels drawn from known probabilities. */
    static LabeledColumns rows(boolean withTruth) {
        SplittableRandom random = new SplittableRandom(17);
        int n = 4000;
        boolean[][] labels = new boolean[2][n];
        double[][] truth = new double[2][n];
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("r" + i);
            for (int p = 0; p < 2; p++) {
                truth[p][i] = 0.05 + 0.6 * random.nextDouble() * (p + 1) / 2;
                labels[p][i] = random.nextDouble() < truth[p][i];
            }
        }
        return new LabeledColumns(List.of("a", "b"), ids, labels, allLabelled(2, n), withTruth ? truth : null);
    }

    static boolean[][] allLabelled(int partners, int rows) {
        boolean[][] labelled = new boolean[partners][rows];
        for (boolean[] column : labelled) {
            java.util.Arrays.fill(column, true);
        }
        return labelled;
    }

    /** The truth blurred with noise: a decent but imperfect model. */
    static ScoreColumns noisyModel(LabeledColumns rows) {
        SplittableRandom random = new SplittableRandom(5);
        double[][] scores = new double[2][rows.rows()];
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < rows.rows(); i++) {
                scores[p][i] = Math.min(1, Math.max(0, rows.trueProbabilities()[p][i] + 0.2 * (random.nextDouble() - 0.5)));
            }
        }
        return new ScoreColumns("model", scores);
    }

    @Test
    void everyScorerGetsOneEntryPerPartnerThenThePooledOne() {
        LabeledColumns rows = rows(true);
        EvaluationReport report = Evaluation.of(rows, List.of(noisyModel(rows))).report().build();

        assertThat(report.getScorers(0).getPartnersList()).extracting(PartnerEvaluation::getPartnerId)
                .containsExactly("a", "b", Evaluation.POOLED);
        assertThat(report.getBayesOptimalList()).extracting(PartnerEvaluation::getPartnerId)
                .containsExactly("a", "b", Evaluation.POOLED);
        PartnerEvaluation pooled = report.getScorers(0).getPartners(2);
        assertThat(pooled.getRows()).isEqualTo(2L * rows.rows());
        assertThat(pooled.getPositives()).isEqualTo(report.getScorers(0).getPartners(0).getPositives()
                + report.getScorers(0).getPartners(1).getPositives());
        assertThat(pooled.getReliabilityList()).hasSize(ColumnEvaluation.RELIABILITY_BINS);
    }

    @Test
    void bayesOptimalFiguresAreTheTrueProbabilitiesScoredAsAModel() {
        LabeledColumns rows = rows(true);
        EvaluationReport report = Evaluation.of(rows, List.of(noisyModel(rows))).report().build();

        PartnerEvaluation bayesA = report.getBayesOptimal(0);
        assertThat(bayesA.getAuc()).isEqualTo(Metrics.auc(rows.trueProbabilities()[0], rows.labels()[0]));
        assertThat(bayesA.getLogLoss()).isEqualTo(Metrics.logLoss(rows.trueProbabilities()[0], rows.labels()[0]));
        // A blurred truth ranks and predicts worse than the truth itself.
        assertThat(report.getScorers(0).getPartners(0).getAuc()).isLessThan(bayesA.getAuc());
        assertThat(report.getScorers(0).getPartners(0).getLogLoss()).isGreaterThan(bayesA.getLogLoss());
        assertThat(bayesA.getFilteredShareKeeping95Percent())
                .isGreaterThan(report.getScorers(0).getPartners(0).getFilteredShareKeeping95Percent());
    }

    @Test
    void dataWithoutTrueProbabilitiesHasNoCeiling() {
        LabeledColumns rows = rows(false);
        double[][] constant = new double[2][rows.rows()];
        for (double[] column : constant) {
            java.util.Arrays.fill(column, 0.3);
        }
        EvaluationReport report = Evaluation.of(rows, List.of(new ScoreColumns("constant", constant))).report()
                .build();

        assertThat(report.getBayesOptimalList()).isEmpty();
        assertThat(report.getScorers(0).getPartners(0).getAuc()).isEqualTo(0.5);
        // A constant score cannot separate anything: the only cuts are nothing or everything.
        assertThat(report.getScorers(0).getPartners(0).getFilteredShareKeeping95Percent()).isEqualTo(0.0);
    }

    @Test
    void aPartnerIsEvaluatedOnlyOnTheRowsThatLabelIt() {
        LabeledColumns all = rows(true);
        boolean[][] labelled = allLabelled(2, all.rows());
        for (int row = 0; row < all.rows(); row += 4) {
            labelled[1][row] = false;
        }
        LabeledColumns partial = new LabeledColumns(all.partners(), all.requestIds(), all.labels(), labelled,
                all.trueProbabilities());
        // Unlabelled entries carry nonsense scores: they must not move the metrics.
        double[][] scores = noisyModel(all).scores();
        for (int row = 0; row < all.rows(); row += 4) {
            scores[1][row] = all.labels()[1][row] ? 0.0 : 1.0;
        }

        EvaluationReport report = Evaluation.of(partial, List.of(new ScoreColumns("m", scores))).report().build();

        assertThat(report.getScorers(0).getPartners(0).getRows()).isEqualTo(all.rows());
        assertThat(report.getScorers(0).getPartners(1).getRows()).isEqualTo(all.rows() * 3 / 4);
        assertThat(report.getScorers(0).getPartners(2).getRows()).isEqualTo(all.rows() * 7 / 4);
        assertThat(report.getScorers(0).getPartners(1).getAuc()).isGreaterThan(0.6);
    }

    /** {@link #rows} where no row labels partner "b", as in a test split a partner never sent to. */
    static LabeledColumns rowsNotLabellingB() {
        LabeledColumns all = rows(true);
        boolean[][] labelled = allLabelled(2, all.rows());
        java.util.Arrays.fill(labelled[1], false);
        return new LabeledColumns(all.partners(), all.requestIds(), all.labels(), labelled, all.trueProbabilities());
    }

    @Test
    void aPartnerNoRowLabelsIsReportedWithoutFiguresWhileTheOthersAreEvaluated() {
        LabeledColumns rows = rowsNotLabellingB();

        Evaluation evaluation = Evaluation.of(rows, List.of(noisyModel(rows)));
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
        assertThat(a.getAuc()).isEqualTo(Metrics.auc(noisyModel(rows).scores()[0], rows.labels()[0]));
        assertThat(report.getScorers(0).getPartners(2).getRows()).isEqualTo(rows.rows());
    }

    @Test
    void scoresOfTheWrongShapeAreRejectedNamingTheScorer() {
        LabeledColumns rows = rows(true);
        assertThatThrownBy(() -> Evaluation.of(rows, List.of(new ScoreColumns("short", new double[2][10]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short").hasMessageContaining("10 scores for 4000 rows");
    }

    @Test
    void calibratedScoresHaveSmallEce() {
        LabeledColumns rows = rows(true);
        EvaluationReport report = Evaluation.of(rows, List.of()).report().build();

        assertThat(report.getBayesOptimal(2).getEce()).isCloseTo(0.0, within(0.02));
    }
}
