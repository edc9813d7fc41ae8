package io.sluice.evaluation;

/**
 * The values one axis of a {@link ChartPanel} spans, drawn with six evenly spaced ticks labelled in {@code tickFormat}.
 *
 * @param min        value at the axis' start
 * @param max        value at its end, above {@code min}
 * @param tickFormat {@link String#format} pattern of a tick label, e.g. "%.1f"
 */
public record AxisRange(double min, double max, String tickFormat) {

    /** The unit interval, where every curve of the evaluation report lives. */
    public static final AxisRange UNIT = new AxisRange(0, 1, "%.1f");

    public AxisRange {
        if (!(max > min) || Double.isInfinite(max - min)) {
            throw new IllegalArgumentException("an axis needs max > min, got [" + min + ", " + max + "]");
        }
    }

    /** Where {@code value} falls along the axis: 0 at {@code min}, 1 at {@code max}. */
    public double fraction(double value) {
        return (value - min) / (max - min);
    }

    /** The value at {@code fraction} of the way along the axis. */
    public double valueAt(double fraction) {
        return min + fraction * (max - min);
    }
}
