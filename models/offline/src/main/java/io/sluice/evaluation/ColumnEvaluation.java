package io.sluice.evaluation;

import io.sluice.api.v1.PartnerEvaluation;
import io.sluice.api.v1.ReliabilityBin;
import io.sluice.training.Metrics;

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
    public static final int RELIABILITY_BINS = 10;

    public static ColumnEvaluation of(String partnerId, double[] scores, boolean[] labels) {
        long positives = 0;
        for (boolean label : labels) {
            positives += label ? 1 : 0;
        }
        FilterCurve filter = FilterCurve.of(scores, labels);
        PartnerEvaluation.Builder summary = PartnerEvaluation.newBuilder()
                .setPartnerId(partnerId)
                .setRows(labels.length)
                .setPositives(positives)
                .setAuc(Metrics.auc(scores, labels))
                .setLogLoss(Metrics.logLoss(scores, labels))
                .setEce(Metrics.expectedCalibrationError(scores, labels, RELIABILITY_BINS))
                .setFilteredShareKeeping95Percent(filter.filteredShareKeeping(0.95))
                .setFilteredShareKeeping99Percent(filter.filteredShareKeeping(0.99));
        for (Metrics.ReliabilityBin bin : Metrics.reliabilityTable(scores, labels, RELIABILITY_BINS)) {
            ReliabilityBin.Builder out = ReliabilityBin.newBuilder().setLower(bin.lower()).setUpper(bin.upper())
                    .setRows(bin.count());
            if (bin.count() > 0) {
                out.setMeanPredicted(bin.meanPredicted()).setObservedRate(bin.observedRate());
            }
            summary.addReliability(out);
        }
        return new ColumnEvaluation(summary.build(), RocCurve.of(scores, labels), filter);
    }
}
