package io.sluice.evaluation;

import java.util.List;

/**
 * One plot over the unit square (every curve of the evaluation report lives in [0, 1] x [0, 1]).
 *
 * @param title  above the plot
 * @param xLabel below the x axis
 * @param yLabel beside the y axis
 * @param series drawn in order, so later series are on top
 */
public record ChartPanel(String title, String xLabel, String yLabel, List<Series> series) {

    public ChartPanel {
        series = List.copyOf(series);
    }
}
