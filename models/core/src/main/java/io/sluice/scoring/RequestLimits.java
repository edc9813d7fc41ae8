package io.sluice.scoring;

import io.sluice.features.FeatureExtractor;

/**
 * Bounds on what one request may contain; enforced identically for every protocol.
 *
 * @param maxPartners        partner ids one request may name
 * @param maxSegments        user data segments across all {@code user.data} entries; at most what the feature
 *                           extractor reads ({@link FeatureExtractor#MAX_SEGMENTS}), so none is silently dropped
 * @param maxStringLength    characters in any string field but the user agent
 * @param maxUserAgentLength characters in {@code device.ua}
 * @param maxBatchRequests   requests in one batch call
 */
public record RequestLimits(int maxPartners, int maxSegments, int maxStringLength, int maxUserAgentLength,
                            int maxBatchRequests) {

    public RequestLimits {
        if (maxPartners < 1 || maxSegments < 0 || maxStringLength < 1 || maxUserAgentLength < 1
                || maxBatchRequests < 1) {
            throw new IllegalArgumentException("request limits must be positive, got " + this);
        }
        if (maxSegments > FeatureExtractor.MAX_SEGMENTS) {
            throw new IllegalArgumentException("at most " + FeatureExtractor.MAX_SEGMENTS
                    + " segments per request are read by the feature extractor, so the segment limit cannot be "
                    + maxSegments);
        }
    }
}
