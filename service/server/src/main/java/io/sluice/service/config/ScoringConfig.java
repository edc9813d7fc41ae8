package io.sluice.service.config;

/** The gRPC scoring pool (keys {@code scoring.*}): threads and the bounded queue in front of them. */
public record ScoringConfig(int threads, int maxQueuedRequests) {

    static ScoringConfig from(Settings s) {
        int threads = s.integer("scoring.threads");
        int queued = s.integer("scoring.max-queued-requests");
        if (queued < 1) {
            throw new ConfigException("scoring.max-queued-requests must be at least 1, got " + queued);
        }
        return new ScoringConfig(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), queued);
    }
}
