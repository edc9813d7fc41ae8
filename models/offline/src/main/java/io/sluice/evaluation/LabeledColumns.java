package io.sluice.evaluation;

import io.sluice.training.FeatureTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows under evaluation, column-wise per partner: labels and, for synthetic data, the generator's true
 * probabilities. Arrays are shared, not copied; nobody writes to them after construction.
 *
 * @param partners          partner ids, in column order
 * @param requestIds        request id of each row, to join predictions made elsewhere
 * @param labels            {@code labels[p][row]}: whether partner p bid
 * @param labelled          {@code labelled[p][row]}: whether the row labels partner p (partial labels); metrics of
 *                          partner p use only those rows
 * @param trueProbabilities {@code [p][row]}, or null when the data does not carry them
 */
public record LabeledColumns(List<String> partners, List<String> requestIds, boolean[][] labels,
                             boolean[][] labelled, double[][] trueProbabilities) {

    public LabeledColumns {
        partners = List.copyOf(partners);
        requestIds = List.copyOf(requestIds);
        if (labels.length != partners.size() || labelled.length != partners.size()
                || (trueProbabilities != null && trueProbabilities.length != partners.size())) {
            throw new IllegalArgumentException("need one label (and true probability) column per partner");
        }
    }

    /**
     * Rows {@code [from, to)} of {@code table} for {@code partners} (a subset of the table's, in the given order);
     * true probabilities are kept only if every labelled entry has one.
     */
    public static LabeledColumns of(FeatureTable table, List<String> partners, int from, int to) {
        boolean[][] labels = new boolean[partners.size()][to - from];
        boolean[][] labelled = new boolean[partners.size()][to - from];
        double[][] truth = new double[partners.size()][to - from];
        boolean complete = true;
        for (int p = 0; p < partners.size(); p++) {
            int column = table.partners().indexOf(partners.get(p));
            if (column < 0) {
                throw new IllegalArgumentException("the data does not label partner " + partners.get(p));
            }
            for (int row = from; row < to; row++) {
                labels[p][row - from] = table.label(row, column);
                labelled[p][row - from] = table.labelled(row, column);
                truth[p][row - from] = table.trueProbability(row, column);
                complete &= !labelled[p][row - from] || !Double.isNaN(truth[p][row - from]);
            }
        }
        List<String> ids = new ArrayList<>(to - from);
        for (int row = from; row < to; row++) {
            ids.add(table.requestId(row));
        }
        return new LabeledColumns(partners, ids, labels, labelled, complete ? truth : null);
    }

    public int rows() {
        return requestIds.size();
    }

    public boolean hasTrueProbabilities() {
        return trueProbabilities != null;
    }
}
