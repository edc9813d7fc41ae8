package io.sluice.evaluation;

import io.sluice.api.v1.EvaluationReport;
import io.sluice.api.v1.ScorerEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scorers evaluated side by side on the same labelled rows, per partner and pooled ({@value #POOLED}), with the
 * Bayes-optimal ceiling (the true probabilities scored as if they were a model) when the data carries them.
 *
 * @param partners     partner ids in column order; every column list below has one entry per partner, then the
 *                     pooled entry
 * @param scorers      the evaluated scorers, in the order given
 * @param bayesOptimal the true probabilities' figures, or empty for data without them
 */
public record Evaluation(List<String> partners, List<Scorer> scorers, Optional<Scorer> bayesOptimal) {

    /** Partner id of the figures over all (partner, row) pairs. */
    public static final String POOLED = "*";
    /** Name under which the true probabilities appear. */
    public static final String BAYES_OPTIMAL = "Bayes-optimal (true p)";
    /** How reports show a partner that no evaluated row labels, in place of its figures. */
    public static final String NO_LABELLED_ROWS = "no labelled rows";

    /**
     * One scorer's evaluation.
     *
     * @param name    as given in {@link ScoreColumns#name()}
     * @param columns per partner, then pooled
     */
    public record Scorer(String name, List<ColumnEvaluation> columns) {
    }

    public Evaluation {
        partners = List.copyOf(partners);
        scorers = List.copyOf(scorers);
    }

    /**
     * A partner that no row labels is reported with zero rows and no figures ({@link ColumnEvaluation#labelled}).
     *
     * @throws IllegalArgumentException if a scorer's shape differs from the rows', or a partner's labels lack a
     *                                  class (AUC and the curves need both)
     */
    public static Evaluation of(LabeledColumns rows, List<ScoreColumns> scorers) {
        List<Scorer> evaluated = new ArrayList<>();
        for (ScoreColumns scorer : scorers) {
            evaluated.add(evaluate(rows, scorer));
        }
        Optional<Scorer> bayes = rows.hasTrueProbabilities()
                ? Optional.of(evaluate(rows, new ScoreColumns(BAYES_OPTIMAL, rows.trueProbabilities())))
                : Optional.empty();
        return new Evaluation(rows.partners(), evaluated, bayes);
    }

    /** The scorers' and the ceiling's figures; the caller adds what was evaluated (data, rows, time). */
    public EvaluationReport.Builder report() {
        EvaluationReport.Builder report = EvaluationReport.newBuilder();
        for (Scorer scorer : scorers) {
            ScorerEvaluation.Builder out = ScorerEvaluation.newBuilder().setName(scorer.name());
            scorer.columns().forEach(c -> out.addPartners(c.summary()));
            report.addScorers(out);
        }
        bayesOptimal.ifPresent(b -> b.columns().forEach(c -> report.addBayesOptimal(c.summary())));
        return report;
    }

    private static Scorer evaluate(LabeledColumns rows, ScoreColumns scorer) {
        double[][] scores = scorer.scores();
        int partners = rows.partners().size();
        if (scores.length != partners) {
            throw new IllegalArgumentException(scorer.name() + ": " + scores.length + " score columns for "
                    + partners + " partners");
        }
        List<ColumnEvaluation> columns = new ArrayList<>();
        int pooled = 0;
        for (boolean[] labelled : rows.labelled()) {
            pooled += count(labelled);
        }
        double[] pooledScores = new double[pooled];
        boolean[] pooledLabels = new boolean[pooled];
        int filled = 0;
        for (int p = 0; p < partners; p++) {
            if (scores[p].length != rows.rows()) {
                throw new IllegalArgumentException(scorer.name() + ": partner " + rows.partners().get(p) + " has "
                        + scores[p].length + " scores for " + rows.rows() + " rows");
            }
            // Only the rows that label this partner count (partial labels); the summary's rows say how many.
            boolean[] labelled = rows.labelled()[p];
            double[] partnerScores = new double[count(labelled)];
            boolean[] partnerLabels = new boolean[partnerScores.length];
            for (int row = 0, k = 0; row < labelled.length; row++) {
                if (labelled[row]) {
                    partnerScores[k] = scores[p][row];
                    partnerLabels[k++] = rows.labels()[p][row];
                }
            }
            columns.add(ColumnEvaluation.of(rows.partners().get(p), partnerScores, partnerLabels));
            System.arraycopy(partnerScores, 0, pooledScores, filled, partnerScores.length);
            System.arraycopy(partnerLabels, 0, pooledLabels, filled, partnerLabels.length);
            filled += partnerScores.length;
        }
        columns.add(ColumnEvaluation.of(POOLED, pooledScores, pooledLabels));
        return new Scorer(scorer.name(), columns);
    }

    private static int count(boolean[] values) {
        int n = 0;
        for (boolean value : values) {
            n += value ? 1 : 0;
        }
        return n;
    }
}
