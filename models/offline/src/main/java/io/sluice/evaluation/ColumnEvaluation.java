package io.sluice.evaluation;

import io.sluice.api.v1.PartnerEvaluation;
import io.sluice.api.v1.ReliabilityBin;
import io.sluice.training.Metrics;
import io.sluice.training.ScoreSummary;

/**
 * Everything computed for one column of probabilities against its labels: the summary metrics and the curves
 * behind the plots.
 *
 * @param summary the metrics as written to the JSON summary
 * @param roc     the ROC curve at full resolution
 * @param filter  the traffic-shaping curve at full resolution
 */
public record ColumnEvaluation(PartnerEvaluation summary, RocCurve roc, FilterCurve filter) {

    /** Reliability bins for the ECE and the calibration plot. */
    public static final int RELIABILITY_BINS = ScoreSummary.CALIBRATION_BINS;

    /**
     * The figures of the (unweighted) entries in {@code scores}; a column without rows (no evaluated row labels the
     * partner) gets {@link #unlabelled} figures rather than none.
     *
     * @throws IllegalArgumentException if the column has rows but lacks a class (AUC and the curves need both)
     */
    public static ColumnEvaluation of(String partnerId, ScoreSummary scores) {
        if (scores.rows() == 0) {
            return unlabelled(partnerId);
        }
        FilterCurve filter = FilterCurve.of(scores);
        PartnerEvaluation.Builder summary = PartnerEvaluation.newBuilder()
                .setPartnerId(partnerId)
                .setRows(scores.rows())
                .setPositives(scores.bids())
                .setAuc(scores.auc())
                .setAucMaxError(scores.aucMaxError())
                .setLogLoss(scores.logLoss())
                .setEce(scores.expectedCalibrationError())
                .setFilteredShareKeeping95Percent(filter.filteredShareKeeping(0.95))
                .setFilteredShareKeeping99Percent(filter.filteredShareKeeping(0.99));
        for (Metrics.ReliabilityBin bin : scores.reliabilityTable()) {
            ReliabilityBin.Builder out = ReliabilityBin.newBuilder().setLower(bin.lower()).setUpper(bin.upper())
                    .setRows(bin.count());
            if (bin.count() > 0) {
                out.setMeanPredicted(bin.meanPredicted()).setObservedRate(bin.observedRate());
            }
            summary.addReliability(out);
        }
        return new ColumnEvaluation(summary.build(), RocCurve.of(scores), filter);
    }

    /** Whether any row labels this column; without one it has no figures (NaN) and no curve points. */
    public boolean labelled() {
        return summary.getRows() > 0;
    }

    /**
     * A column no evaluated row labels: zero rows, NaN for every figure (there is nothing to measure, and 0 would
     * read as a measurement), empty reliability bins and curves without points.
     */
    private static ColumnEvaluation unlabelled(String partnerId) {
        PartnerEvaluation.Builder summary = PartnerEvaluation.newBuilder()
                .setPartnerId(partnerId)
                .setAuc(Double.NaN)
                .setAucMaxError(Double.NaN)
                .setLogLoss(Double.NaN)
                .setEce(Double.NaN)
                .setFilteredShareKeeping95Percent(Double.NaN)
                .setFilteredShareKeeping99Percent(Double.NaN);
        for (int b = 0; b < RELIABILITY_BINS; b++) {
            summary.addReliability(ReliabilityBin.newBuilder()
                    .setLower((double) b / RELIABILITY_BINS).setUpper((double) (b + 1) / RELIABILITY_BINS));
        }
        double[] none = new double[0];
        return new ColumnEvaluation(summary.build(), new RocCurve(none, none), new FilterCurve(none, none));
    }
}
