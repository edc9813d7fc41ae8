package io.sluice.simulation;

import io.sluice.api.v1.PartnerOutput;
import io.sluice.evaluation.ScoreColumns;
import io.sluice.model.CompiledMlp;
import io.sluice.model.ModelArtifact;
import io.sluice.training.FeatureTable;
import io.sluice.training.Metrics;
import java.util.List;

/**
 * Requests that every partner was sent and labelled, never shaped, fixed for a whole simulation: the one yardstick
 * of every model, whatever traffic it learnt from. The generator's true probabilities give the ceiling.
 */
final class UnbiasedTestSet {

    private final FeatureTable table;
    private final double bayesAuc;

    UnbiasedTestSet(FeatureTable table) {
        this.table = table;
        double[][] truth = new double[table.partners().size()][table.rows()];
        for (int p = 0; p < truth.length; p++) {
            for (int row = 0; row < table.rows(); row++) {
                truth[p][row] = table.trueProbability(row, p);
            }
        }
        this.bayesAuc = meanAuc(truth);
    }

    /** The true probabilities' mean per-partner AUC: what no model can beat on these rows. */
    double bayesAuc() {
        return bayesAuc;
    }

    /** The mean per-partner AUC of {@code model} on these rows. */
    double auc(ModelArtifact model) {
        List<String> outputs = model.manifest().getPartnersList().stream().map(PartnerOutput::getPartnerId).toList();
        return meanAuc(ScoreColumns.of(model.version(), CompiledMlp.of(model.network()), outputs, table.partners(),
                table, 0, table.rows()).scores());
    }

    private double meanAuc(double[][] scores) {
        double sum = 0;
        for (int p = 0; p < scores.length; p++) {
            boolean[] labels = new boolean[table.rows()];
            for (int row = 0; row < labels.length; row++) {
                labels[row] = table.label(row, p);
            }
            sum += Metrics.auc(scores[p], labels);
        }
        return sum / scores.length;
    }
}
