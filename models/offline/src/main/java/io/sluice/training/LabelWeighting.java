package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import java.util.Locale;

/**
 * How much a labelled (request, partner) entry counts in the loss, calibration, thresholds and metrics. An
 * exploration send (one the model would have skipped, sent with {@code exploration_probability} p) stands for the
 * 1/p similar requests that were not explored, so inverse-propensity weighting gives it 1/p and every other entry 1;
 * capping the weight at {@code maxWeight} trades that correction's bias for less variance when p is tiny.
 *
 * @param scheme    none (every entry 1) or inverse propensity
 * @param maxWeight the largest weight an entry gets; {@code Double.POSITIVE_INFINITY} for no cap
 */
public record LabelWeighting(Scheme scheme, double maxWeight) {

    /** Where an entry's weight comes from. */
    public enum Scheme {
        NONE,
        INVERSE_PROPENSITY;

        /** The scheme a command-line value names: "none" or "inverse-propensity". */
        public static Scheme parse(String value) {
            for (Scheme scheme : values()) {
                if (scheme.optionValue().equals(value)) {
                    return scheme;
                }
            }
            throw new IllegalArgumentException("unknown weighting '" + value + "'; use none or inverse-propensity");
        }

        /** The scheme's name on the command line. */
        public String optionValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Every labelled entry weighs 1. */
    public static final LabelWeighting NONE = new LabelWeighting(Scheme.NONE, Double.POSITIVE_INFINITY);

    public LabelWeighting {
        if (!(maxWeight >= 1)) {
            throw new IllegalArgumentException("the weight cap must be at least 1, got " + maxWeight);
        }
    }

    /** The weight of {@code row}'s label for {@code partner}, which the row labels. */
    public double weight(LabeledBidRequest row, String partner) {
        if (scheme == Scheme.NONE) {
            return 1;
        }
        double p = row.getExplorationProbabilityOrDefault(partner, 1.0);
        return Math.min(1 / p, maxWeight);
    }

    @Override
    public String toString() {
        return scheme.optionValue() + (Double.isInfinite(maxWeight) ? "" : " capped at " + maxWeight);
    }
}
