package io.sluice.shaping;

import java.time.Duration;
import java.util.Map;

/**
 * How gRPC traffic is shaped beyond each partner's threshold: exploration and per-partner QPS caps.
 *
 * @param explorationRate         share of requests sent to a partner whatever their score, unless overridden
 * @param partnerExplorationRates per-partner exploration rates
 * @param explorationSalt         mixed into every exploration draw; replicas of one fleet must share it
 * @param partnerQpsCaps          requests per second each capped partner accepts from the whole fleet
 * @param fleetReplicas           replicas sharing the caps; each sends at most cap / replicas per second
 * @param capWindow               the sliding window over which a capped partner's score distribution is tracked
 */
public record ShapingSettings(double explorationRate, Map<String, Double> partnerExplorationRates,
                              String explorationSalt, Map<String, Double> partnerQpsCaps, int fleetReplicas,
                              Duration capWindow) {

    /** No exploration and no caps: each partner's threshold alone decides. */
    public static final ShapingSettings NONE = new ShapingSettings(0, Map.of(), "", Map.of(), 1,
            Duration.ofSeconds(10));

    public ShapingSettings {
        partnerExplorationRates = Map.copyOf(partnerExplorationRates);
        partnerQpsCaps = Map.copyOf(partnerQpsCaps);
        requireRate("exploration rate", explorationRate);
        partnerExplorationRates.forEach((partner, rate) -> requireRate("exploration rate of " + partner, rate));
        partnerQpsCaps.forEach((partner, cap) -> {
            if (!(cap > 0) || cap.isInfinite()) {
                throw new IllegalArgumentException("QPS cap of " + partner + " must be above 0, got " + cap);
            }
        });
        if (fleetReplicas < 1) {
            throw new IllegalArgumentException("fleet replicas must be at least 1, got " + fleetReplicas);
        }
        if (capWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("cap window must be at least 1s, got " + capWindow);
        }
    }

    /** The exploration rate of {@code partner}. */
    public double explorationRate(String partner) {
        return partnerExplorationRates.getOrDefault(partner, explorationRate);
    }

    /** The sends per second this replica allows {@code partner}, or 0 when the partner is not capped. */
    public double replicaQpsCap(String partner) {
        Double cap = partnerQpsCaps.get(partner);
        return cap == null ? 0 : cap / fleetReplicas;
    }

    private static void requireRate(String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + rate);
        }
    }
}
