package io.sluice.shaping;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The share of each partner's bids its threshold should keep (recall), from which a threshold is picked when a model
 * loads; a partner without a target keeps the model's default threshold.
 *
 * @param all       the target of every partner without its own; empty for none
 * @param byPartner per-partner targets
 */
public record RecallTarget(OptionalDouble all, Map<String, Double> byPartner) {

    /** No target: every partner keeps the model's default threshold. */
    public static final RecallTarget NONE = new RecallTarget(OptionalDouble.empty(), Map.of());

    public RecallTarget {
        byPartner = Map.copyOf(byPartner);
        all.ifPresent(target -> requireTarget("target recall", target));
        byPartner.forEach((partner, target) -> requireTarget("target recall of " + partner, target));
    }

    /** The target of {@code partner}, if any. */
    public OptionalDouble of(String partner) {
        Double own = byPartner.get(partner);
        return own != null ? OptionalDouble.of(own) : all;
    }

    /** Whether any partner has a target. */
    public boolean isSet() {
        return all.isPresent() || !byPartner.isEmpty();
    }

    private static void requireTarget(String what, double target) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException(what + " must be above 0 and at most 1, got " + target);
        }
    }
}
