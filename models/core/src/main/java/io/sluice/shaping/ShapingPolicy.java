package io.sluice.shaping;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How gRPC traffic is shaped beyond each partner's threshold, for the whole process: the exploration sampler and the
 * per-partner QPS caps, whose windows live as long as the process whatever model serves. Deciding is in
 * {@link PartnerPolicies}, bound to the serving model's partners.
 */
public final class ShapingPolicy {

    /** No exploration and no caps: the legacy Thrift path, and callers that read only the likelihood. */
    public static final ShapingPolicy NONE = new ShapingPolicy(ShapingSettings.NONE, Ticker.SYSTEM);

    private final ShapingSettings settings;
    private final ExplorationSampler sampler;
    private final boolean explores;
    private final Ticker ticker;
    private final Map<String, PartnerSendCap> caps;
    private volatile PartnerPolicies bound;

    /** The policy of {@code settings}; caps read time from {@code ticker}. */
    public ShapingPolicy(ShapingSettings settings, Ticker ticker) {
        this.settings = settings;
        this.sampler = new ExplorationSampler(settings.explorationSalt());
        this.explores = settings.explorationRate() > 0
                || settings.partnerExplorationRates().values().stream().anyMatch(rate -> rate > 0);
        this.ticker = ticker;
        Map<String, PartnerSendCap> byPartner = new HashMap<>();
        for (String partner : settings.partnerQpsCaps().keySet()) {
            byPartner.put(partner, new PartnerSendCap(settings.replicaQpsCap(partner),
                    settings.explorationRate(partner), settings.capWindow()));
        }
        this.caps = Map.copyOf(byPartner);
    }

    public ShapingSettings settings() {
        return settings;
    }

    /** The policies of {@code partnerIds} (a model's partner list), bound again only when the model changes. */
    public PartnerPolicies forPartners(List<String> partnerIds) {
        PartnerPolicies policies = bound;
        if (policies == null || !policies.boundTo(partnerIds)) {
            policies = new PartnerPolicies(partnerIds, settings, caps);
            bound = policies;
        }
        return policies;
    }

    /** The request's exploration key (0 when nothing is explored, which skips hashing the id). */
    public long requestKey(String requestId) {
        return explores ? sampler.requestKey(requestId) : 0;
    }

    /** The time caps count a request at (0 when no partner is capped, which skips reading the clock). */
    public long now() {
        return caps.isEmpty() ? 0 : ticker.nanos();
    }

    /** The QPS caps by partner id. */
    public Map<String, PartnerSendCap> caps() {
        return caps;
    }
}
