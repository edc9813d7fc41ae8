package io.sluice.evaluation;

import java.util.List;

/**
 * One plot: its axes' ranges and the series drawn in them.
 *
 * @param title  above the plot
 * @param xLabel below the x axis
 * @param yLabel beside the y axis
 * @param x      the values the x axis spans
 * @param y      the values the y axis spans
 * @param series drawn in order, so later series are on top
 */
public record ChartPanel(String title, String xLabel, String yLabel, AxisRange x, AxisRange y, List<Series> series) {

    public ChartPanel {
        series = List.copyOf(series);
    }

    /** A plot over the unit square (every curve of the evaluation report lives in [0, 1] x [0, 1]). */
    public ChartPanel(String title, String xLabel, String yLabel, List<Series> series) {
        this(title, xLabel, yLabel, AxisRange.UNIT, AxisRange.UNIT, series);
    }
}
