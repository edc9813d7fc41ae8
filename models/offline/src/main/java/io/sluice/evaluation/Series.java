package io.sluice.evaluation;

import java.awt.Color;

/**
 * One line of a chart, drawn through its points in order.
 *
 * @param name   legend text
 * @param color  line colour
 * @param dashed dashed instead of solid
 * @param x      x of each point, in its panel's x range
 * @param y      y of each point, in its panel's y range
 */
public record Series(String name, Color color, boolean dashed, double[] x, double[] y) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
        }
    }
}
