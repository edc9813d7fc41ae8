package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.SCORING_MAX_QUEUED_REQUESTS;
import static io.sluice.service.config.SettingsCatalog.SCORING_MAX_QUEUE_DELAY;
import static io.sluice.service.config.SettingsCatalog.SCORING_THREADS;

import java.time.Duration;

/**
 * The gRPC scoring pool (keys {@code scoring.*}): threads, the bounded queue in front of them, and how long a
 * request may wait there before new ones are refused.
 */
public record ScoringConfig(int threads, int maxQueuedRequests, Duration maxQueueDelay) {

    static ScoringConfig from(ConfigReader r) {
        int threads = r.get(SCORING_THREADS);
        return new ScoringConfig(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                r.get(SCORING_MAX_QUEUED_REQUESTS), r.get(SCORING_MAX_QUEUE_DELAY));
    }
}
