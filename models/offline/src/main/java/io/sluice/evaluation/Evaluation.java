package io.sluice.evaluation;

import io.sluice.api.v1.EvaluationReport;
import io.sluice.api.v1.ScorerEvaluation;
import java.util.List;
import java.util.Optional;

/**
 * Scorers evaluated side by side on the same labelled rows, per partner and pooled ({@value #POOLED}), with the
 * Bayes-optimal ceiling (the true probabilities scored as if they were a model) when the data carries them; built
 * by an {@link EvaluationTally}. A partner that no row labels is reported with zero rows and no figures
 * ({@link ColumnEvaluation#labelled}).
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
     * @param name    e.g. "sluice bundled-3" or "xgboost"
     * @param columns per partner, then pooled
     */
    public record Scorer(String name, List<ColumnEvaluation> columns) {
    }

    public Evaluation {
        partners = List.copyOf(partners);
        scorers = List.copyOf(scorers);
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
}
