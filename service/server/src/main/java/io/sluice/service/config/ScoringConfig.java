package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.SCORING_MAX_QUEUED_REQUESTS;
import static io.sluice.service.config.SettingsCatalog.SCORING_THREADS;

/** The gRPC scoring pool (keys {@code scoring.*}): threads and the bounded queue in front of them. */
public record ScoringConfig(int threads, int maxQueuedRequests) {

    static ScoringConfig from(ConfigReader r) {
        int threads = r.get(SCORING_THREADS);
        return new ScoringConfig(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                r.get(SCORING_MAX_QUEUED_REQUESTS));
    }
}
