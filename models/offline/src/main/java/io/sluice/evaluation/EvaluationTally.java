package io.sluice.evaluation;

import io.sluice.training.ScoreSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link Evaluation} counted while rows stream by, in memory independent of their number: each labelled entry
 * goes into one {@link ScoreSummary} per scorer and partner, and its true probability into the ceiling's.
 */
public final class EvaluationTally {

    private final List<String> partners;
    private final List<String> scorerNames;
    /** {@code [scorer][partner]}. */
    private final ScoreSummary[][] scorers;
    private final ScoreSummary[] bayesOptimal;
    private boolean everyEntryHasTruth = true;

    /** Counts entries of {@code partners} (in column order) for the scorers named, in that order. */
    public EvaluationTally(List<String> partners, List<String> scorerNames) {
        this.partners = List.copyOf(partners);
        this.scorerNames = List.copyOf(scorerNames);
        scorers = new ScoreSummary[scorerNames.size()][partners.size()];
        for (ScoreSummary[] columns : scorers) {
            fill(columns);
        }
        bayesOptimal = fill(new ScoreSummary[partners.size()]);
    }

    /**
     * Adds one labelled entry: partner number {@code partner} of one row, whether it bid, its true probability (NaN
     * when the data has none: then no ceiling is reported) and each scorer's probability, in scorer order.
     *
     * @throws IllegalArgumentException if the scores do not match the scorers, or one is not a probability
     */
    public void add(int partner, boolean bid, double trueProbability, double[] scores) {
        if (scores.length != scorers.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + scorers.length + " scorers");
        }
        for (int s = 0; s < scores.length; s++) {
            if (!(scores[s] >= 0 && scores[s] <= 1)) {
                throw new IllegalArgumentException(scorerNames.get(s) + " scored partner " + partners.get(partner)
                        + " " + scores[s] + ", not a probability in [0, 1]");
            }
            scorers[s][partner].add(scores[s], bid, 1);
        }
        if (Double.isNaN(trueProbability)) {
            everyEntryHasTruth = false;
        } else {
            bayesOptimal[partner].add(trueProbability, bid, 1);
        }
    }

    /**
     * The figures of every entry added; the ceiling only if every entry had a true probability.
     *
     * @throws IllegalArgumentException if a partner's entries lack a class (AUC and the curves need both)
     */
    public Evaluation evaluation() {
        List<Evaluation.Scorer> evaluated = new ArrayList<>();
        for (int s = 0; s < scorers.length; s++) {
            evaluated.add(scorer(scorerNames.get(s), scorers[s]));
        }
        Optional<Evaluation.Scorer> bayes = everyEntryHasTruth
                ? Optional.of(scorer(Evaluation.BAYES_OPTIMAL, bayesOptimal))
                : Optional.empty();
        return new Evaluation(partners, evaluated, bayes);
    }

    private Evaluation.Scorer scorer(String name, ScoreSummary[] columns) {
        List<ColumnEvaluation> evaluated = new ArrayList<>();
        ScoreSummary pooled = new ScoreSummary();
        for (int p = 0; p < columns.length; p++) {
            evaluated.add(ColumnEvaluation.of(partners.get(p), columns[p]));
            pooled.addAll(columns[p]);
        }
        evaluated.add(ColumnEvaluation.of(Evaluation.POOLED, pooled));
        return new Evaluation.Scorer(name, evaluated);
    }

    private static ScoreSummary[] fill(ScoreSummary[] columns) {
        for (int p = 0; p < columns.length; p++) {
            columns[p] = new ScoreSummary();
        }
        return columns;
    }
}
