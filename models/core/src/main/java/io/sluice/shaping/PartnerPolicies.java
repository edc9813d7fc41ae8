package io.sluice.shaping;

import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ThresholdSource;
import java.util.List;
import java.util.Map;

/**
 * A {@link ShapingPolicy} bound to one model's partner list: each output column's exploration key and rate and QPS
 * cap, looked up once per model so that deciding reads arrays only.
 */
public final class PartnerPolicies {

    private final List<String> partnerIds;
    private final long[] partnerKeys;
    private final double[] explorationRates;
    private final PartnerSendCap[] caps;

    PartnerPolicies(List<String> partnerIds, ShapingSettings settings, Map<String, PartnerSendCap> capsByPartner) {
        this.partnerIds = partnerIds;
        int partners = partnerIds.size();
        this.partnerKeys = new long[partners];
        this.explorationRates = new double[partners];
        this.caps = new PartnerSendCap[partners];
        for (int i = 0; i < partners; i++) {
            String partner = partnerIds.get(i);
            partnerKeys[i] = ExplorationSampler.partnerKey(partner);
            explorationRates[i] = settings.explorationRate(partner);
            caps[i] = capsByPartner.get(partner);
        }
    }

    /** Whether these policies were bound to exactly this list (a model's own list object). */
    boolean boundTo(List<String> ids) {
        return partnerIds == ids;
    }

    /**
     * Decides whether the request is sent to the partner of column {@code output} and writes the decision and its
     * facts into {@code out}: the threshold applied (raised by the partner's cap when it binds, whatever
     * {@code source} set it), whether the request was explored and with which probability. An explored request is
     * sent whatever its likelihood; every request counts in the partner's cap window.
     *
     * @param requestKey the request's {@link ExplorationSampler#requestKey}
     * @param nanos      the request's time on the policy's {@link Ticker}
     * @param threshold  the threshold before the cap: the request's, the target-recall one or the model's default
     */
    public void decide(int output, long requestKey, long nanos, double likelihood, double threshold,
                       ThresholdSource source, PartnerScore.Builder out) {
        double applied = threshold;
        ThresholdSource appliedSource = source;
        double exploration = explorationRates[output];
        PartnerSendCap cap = caps[output];
        if (cap != null) {
            PartnerSendCap.Limit limit = cap.limit();
            exploration = limit.explorationProbability();
            if (limit.threshold() > threshold) {
                applied = limit.threshold();
                appliedSource = ThresholdSource.THRESHOLD_SOURCE_PARTNER_QPS_CAP;
            }
            cap.record(likelihood, nanos);
        }
        boolean explored = exploration > 0
                && ExplorationSampler.draw(requestKey, partnerKeys[output]) < exploration;
        out.setThreshold(applied)
                .setUncappedThreshold(threshold)
                .setThresholdSource(appliedSource)
                .setExploration(explored)
                .setExplorationProbability(exploration)
                .setDecision(explored || likelihood >= applied ? Decision.DECISION_SEND : Decision.DECISION_SKIP);
    }
}
