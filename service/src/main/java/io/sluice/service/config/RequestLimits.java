package io.sluice.service.config;

/** Bounds on what one request may contain (keys {@code limits.*}); enforced identically for both protocols. */
public record RequestLimits(int maxPartners, int maxSegments, int maxStringLength, int maxUserAgentLength,
                            int maxBatchRequests) {

    static RequestLimits from(Settings s) {
        return new RequestLimits(s.integer("limits.max-partners"), s.integer("limits.max-segments"),
                s.integer("limits.max-string-length"), s.integer("limits.max-user-agent-length"),
                s.integer("limits.max-batch-requests"));
    }
}
