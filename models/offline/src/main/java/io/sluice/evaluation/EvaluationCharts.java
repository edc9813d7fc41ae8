package io.sluice.evaluation;

import io.sluice.api.v1.ReliabilityBin;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The report's three charts, one panel per partner plus the pooled one: ROC, calibration (reliability) and the
 * traffic-shaping filter/keep curve. Scorers get distinct colours; the Bayes-optimal ceiling is dashed grey.
 */
public final class EvaluationCharts {

    /** Points kept per curve: plenty for a 270-pixel-wide plot. */
    private static final int CURVE_POINTS = 300;
    private static final Color[] SCORER_COLORS = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
        new Color(0xD62728), new Color(0x9467BD)};
    private static final Color BAYES = new Color(0x555555);
    private static final Color GUIDE = new Color(0xAAAAAA);

    private EvaluationCharts() {
    }

    public static List<ChartPanel> roc(Evaluation evaluation) {
        return panels(evaluation, "false positive rate", "true positive rate",
                List.of(guide("chance", new double[] {0, 1}, new double[] {0, 1})),
                column -> {
                    RocCurve roc = column.roc().sampled(CURVE_POINTS);
                    return new double[][] {roc.falsePositiveRate(), roc.truePositiveRate()};
                }, true);
    }

    public static List<ChartPanel> calibration(Evaluation evaluation) {
        return panels(evaluation, "mean predicted probability", "observed bid rate",
                List.of(guide("perfect calibration", new double[] {0, 1}, new double[] {0, 1})),
                EvaluationCharts::reliabilityPoints, false);
    }

    public static List<ChartPanel> filter(Evaluation evaluation) {
        return panels(evaluation, "share of requests filtered", "share of bids kept",
                List.of(guide("95% / 99% of bids kept", new double[] {0, 1, 1, 0}, new double[] {0.95, 0.95, 0.99, 0.99})),
                column -> {
                    FilterCurve filter = column.filter().sampled(CURVE_POINTS);
                    return new double[][] {filter.filteredShare(), filter.keptBidShare()};
                }, true);
    }

    /**
     * One panel per column (partners, then pooled): the guides, then each scorer's points from {@code curve},
     * then (if {@code withBayes}) the ceiling's.
     */
    private static List<ChartPanel> panels(Evaluation evaluation, String xLabel, String yLabel, List<Series> guides,
                                           Function<ColumnEvaluation, double[][]> curve, boolean withBayes) {
        List<ChartPanel> panels = new ArrayList<>();
        int columns = evaluation.partners().size() + 1;
        for (int c = 0; c < columns; c++) {
            List<Series> series = new ArrayList<>(guides);
            List<Evaluation.Scorer> scorers = evaluation.scorers();
            for (int s = 0; s < scorers.size(); s++) {
                double[][] xy = curve.apply(scorers.get(s).columns().get(c));
                series.add(new Series(scorers.get(s).name(), SCORER_COLORS[s % SCORER_COLORS.length], false,
                        xy[0], xy[1]));
            }
            if (withBayes && evaluation.bayesOptimal().isPresent()) {
                double[][] xy = curve.apply(evaluation.bayesOptimal().get().columns().get(c));
                series.add(new Series(Evaluation.BAYES_OPTIMAL, BAYES, true, xy[0], xy[1]));
            }
            String partner = c < evaluation.partners().size() ? "partner " + evaluation.partners().get(c)
                    : "all partners pooled";
            panels.add(new ChartPanel(partner, xLabel, yLabel, series));
        }
        return panels;
    }

    private static double[][] reliabilityPoints(ColumnEvaluation column) {
        List<ReliabilityBin> bins = column.summary().getReliabilityList().stream().filter(b -> b.getRows() > 0)
                .toList();
        double[][] xy = new double[2][bins.size()];
        for (int i = 0; i < bins.size(); i++) {
            xy[0][i] = bins.get(i).getMeanPredicted();
            xy[1][i] = bins.get(i).getObservedRate();
        }
        return xy;
    }

    private static Series guide(String name, double[] x, double[] y) {
        return new Series(name, GUIDE, true, x, y);
    }
}
