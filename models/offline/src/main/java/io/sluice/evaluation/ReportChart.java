package io.sluice.evaluation;

import java.util.List;
import java.util.function.Function;

/** The charts of the evaluation report: file name, caption, and how to draw the panels. */
public enum ReportChart {
    ROC("roc.png", "ROC curves", EvaluationCharts::roc),
    CALIBRATION("calibration.png", "Calibration (reliability diagrams, 10 equal-width bins)",
            EvaluationCharts::calibration),
    FILTER("filter.png", "Traffic shaping: share of requests filtered against share of real bids kept",
            EvaluationCharts::filter);

    private final String file;
    private final String caption;
    private final Function<Evaluation, List<ChartPanel>> panels;

    ReportChart(String file, String caption, Function<Evaluation, List<ChartPanel>> panels) {
        this.file = file;
        this.caption = caption;
        this.panels = panels;
    }

    public String file() {
        return file;
    }

    public String caption() {
        return caption;
    }

    public List<ChartPanel> panels(Evaluation evaluation) {
        return panels.apply(evaluation);
    }
}
