package io.sluice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median and range of one figure over repeated runs.
 *
 * @param median the middle value (mean of the two middle values for an even count)
 * @param min    smallest value
 * @param max    largest value
 * @param values every value, in run order
 */
public record Spread(double median, double min, double max, List<Double> values) {

    /** The spread of {@code values}; NaN figures for an empty list. */
    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, List.of());
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), List.copyOf(values));
    }

    /** "median (min-max)" with {@code decimals} decimals. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return values.size() == 1 ? String.format(f, median)
                : String.format(f + " (" + f + "-" + f + ")", median, min, max);
    }
}
