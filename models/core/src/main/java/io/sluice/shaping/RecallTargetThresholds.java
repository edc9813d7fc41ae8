package io.sluice.shaping;

import io.sluice.api.v1.PartnerOutput;
import io.sluice.api.v1.ServingThreshold;
import io.sluice.api.v1.ThresholdPoint;
import io.sluice.api.v1.ThresholdSource;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Picks the threshold a partner is served with when a model loads: with a recall target, the largest threshold of
 * the partner's held-out table that keeps at least the target share of its bids; otherwise, or when the artifact
 * has no table, the model's default threshold (itself a recall target fixed at training time).
 */
public final class RecallTargetThresholds {

    private RecallTargetThresholds() {
    }

    /** The threshold {@code partner} is served with under {@code target}, with what it should keep and filter. */
    public static ServingThreshold choose(PartnerOutput partner, RecallTarget target) {
        OptionalDouble wanted = target.of(partner.getPartnerId());
        List<ThresholdPoint> table = partner.getThresholdTableList();
        ServingThreshold.Builder chosen = ServingThreshold.newBuilder();
        wanted.ifPresent(chosen::setTargetRecall);
        if (wanted.isPresent() && !table.isEmpty()) {
            ThresholdPoint point = largestKeeping(table, wanted.getAsDouble());
            chosen.setThreshold(point.getThreshold())
                    .setSource(ThresholdSource.THRESHOLD_SOURCE_TARGET_RECALL)
                    .setExpectedRecall(point.getRecall())
                    .setExpectedFilteredShare(point.getFilteredShare());
            if (point.hasRecallStandardError()) {
                chosen.setExpectedRecallStandardError(point.getRecallStandardError());
            }
            return chosen.build();
        }
        chosen.setThreshold(partner.getDefaultThreshold()).setSource(ThresholdSource.THRESHOLD_SOURCE_MODEL_DEFAULT);
        if (!table.isEmpty()) {
            expectAt(table, partner.getDefaultThreshold(), chosen);
        }
        return chosen.build();
    }

    /** Whether a recall target was set for the partner but could not apply (the artifact has no table). */
    public static boolean targetIgnored(ServingThreshold threshold) {
        return threshold.getTargetRecall() > 0
                && threshold.getSource() == ThresholdSource.THRESHOLD_SOURCE_MODEL_DEFAULT;
    }

    /**
     * One line saying which threshold a partner gets and why, for logs and {@code --print-config}: "0.0712 (target
     * recall 0.95; expected from held-out rows: keeps 95.0% of bids, filters 71.3% of requests)".
     */
    public static String describe(ServingThreshold threshold) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%.6f (", threshold.getThreshold()));
        if (threshold.getSource() == ThresholdSource.THRESHOLD_SOURCE_TARGET_RECALL) {
            out.append(String.format(Locale.ROOT, "target recall %s", threshold.getTargetRecall()));
        } else if (targetIgnored(threshold)) {
            out.append("model default: target recall ").append(threshold.getTargetRecall())
                    .append(" cannot apply, the artifact has no threshold table");
        } else {
            out.append("model default");
        }
        if (threshold.hasExpectedRecall()) {
            out.append(String.format(Locale.ROOT, "; expected from held-out rows: keeps %.1f%% of bids, filters %.1f%% "
                    + "of requests", 100 * threshold.getExpectedRecall(), 100 * threshold.getExpectedFilteredShare()));
        }
        return out.append(')').toString();
    }

    /** The point with the largest threshold whose recall reaches {@code target}; the table is by threshold ascending. */
    private static ThresholdPoint largestKeeping(List<ThresholdPoint> table, double target) {
        ThresholdPoint best = table.get(0);
        for (ThresholdPoint point : table) {
            if (point.getRecall() >= target && point.getThreshold() >= best.getThreshold()) {
                best = point;
            }
        }
        return best;
    }

    /**
     * Recall, filtered share and recall's standard error at {@code threshold}, interpolated between the table's
     * points around it.
     */
    private static void expectAt(List<ThresholdPoint> table, double threshold, ServingThreshold.Builder out) {
        ThresholdPoint below = table.get(0);
        ThresholdPoint above = table.get(table.size() - 1);
        for (ThresholdPoint point : table) {
            if (point.getThreshold() <= threshold) {
                below = point;
            } else {
                above = point;
                break;
            }
        }
        double span = above.getThreshold() - below.getThreshold();
        double f = span > 0 ? Math.min(1, Math.max(0, (threshold - below.getThreshold()) / span)) : 0;
        out.setExpectedRecall(below.getRecall() + f * (above.getRecall() - below.getRecall()))
                .setExpectedFilteredShare(below.getFilteredShare()
                        + f * (above.getFilteredShare() - below.getFilteredShare()));
        if (below.hasRecallStandardError() && above.hasRecallStandardError()) {
            out.setExpectedRecallStandardError(below.getRecallStandardError()
                    + f * (above.getRecallStandardError() - below.getRecallStandardError()));
        }
    }
}
