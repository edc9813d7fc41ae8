package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.SHAPING_CAP_WINDOW;
import static io.sluice.service.config.SettingsCatalog.SHAPING_EXPLORATION_RATE;
import static io.sluice.service.config.SettingsCatalog.SHAPING_EXPLORATION_SALT;
import static io.sluice.service.config.SettingsCatalog.SHAPING_FLEET_REPLICAS;
import static io.sluice.service.config.SettingsCatalog.SHAPING_PARTNER_EXPLORATION_RATE;
import static io.sluice.service.config.SettingsCatalog.SHAPING_PARTNER_QPS_CAP;
import static io.sluice.service.config.SettingsCatalog.SHAPING_PARTNER_TARGET_RECALL;
import static io.sluice.service.config.SettingsCatalog.SHAPING_TARGET_RECALL;

import io.sluice.shaping.RecallTarget;
import io.sluice.shaping.ShapingSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Traffic shaping for gRPC callers (keys {@code shaping.*}): exploration and QPS caps for the scoring core, and the
 * recall target the model's thresholds are picked with when it loads.
 */
public record ShapingConfig(ShapingSettings settings, RecallTarget recallTarget) {

    static ShapingConfig from(ConfigReader r) {
        return new ShapingConfig(new ShapingSettings(r.get(SHAPING_EXPLORATION_RATE),
                r.get(SHAPING_PARTNER_EXPLORATION_RATE), r.get(SHAPING_EXPLORATION_SALT),
                r.get(SHAPING_PARTNER_QPS_CAP), r.get(SHAPING_FLEET_REPLICAS), r.get(SHAPING_CAP_WINDOW)),
                recallTarget(r));
    }

    /** The recall target of {@code shaping.target-recall} and its per-partner keys. */
    static RecallTarget recallTarget(ConfigReader r) {
        return new RecallTarget(r.get(SHAPING_TARGET_RECALL).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                r.get(SHAPING_PARTNER_TARGET_RECALL));
    }

    /** The per-partner keys set for a partner not in {@code partnerIds}, which therefore do nothing. */
    public List<String> keysForOtherPartners(Collection<String> partnerIds) {
        List<String> keys = new ArrayList<>();
        addOthers(keys, SHAPING_PARTNER_EXPLORATION_RATE, settings.partnerExplorationRates(), partnerIds);
        addOthers(keys, SHAPING_PARTNER_TARGET_RECALL, recallTarget.byPartner(), partnerIds);
        addOthers(keys, SHAPING_PARTNER_QPS_CAP, settings.partnerQpsCaps(), partnerIds);
        return keys;
    }

    private static void addOthers(List<String> keys, SettingFamily<?> family, Map<String, ?> byPartner,
                                  Collection<String> partnerIds) {
        byPartner.keySet().stream().filter(partner -> !partnerIds.contains(partner)).sorted()
                .forEach(partner -> keys.add(family.keyOf(partner)));
    }
}
