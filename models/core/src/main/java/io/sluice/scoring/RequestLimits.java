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
 * @param maxJsonBytes       bytes of one request given as OpenRTB JSON
 * @param maxJsonDepth       nesting of objects and arrays in one request given as OpenRTB JSON, {@code ext} included
 */
public record RequestLimits(int maxPartners, int maxSegments, int maxStringLength, int maxUserAgentLength,
                            int maxBatchRequests, int maxJsonBytes, int maxJsonDepth) {

    /** Nesting that OpenRTB's own fields need: {@code $.user.data[].segment[]} is six levels deep. */
    public static final int MIN_JSON_DEPTH = 6;

    public RequestLimits {
        if (maxPartners < 1 || maxSegments < 0 || maxStringLength < 1 || maxUserAgentLength < 1
                || maxBatchRequests < 1 || maxJsonBytes < 1) {
            throw new IllegalArgumentException("request limits must be positive, got " + this);
        }
        if (maxJsonDepth < MIN_JSON_DEPTH) {
            throw new IllegalArgumentException("OpenRTB's own fields nest " + MIN_JSON_DEPTH
                    + " levels deep, so the JSON depth limit cannot be " + maxJsonDepth);
        }
        if (maxSegments > FeatureExtractor.MAX_SEGMENTS) {
            throw new IllegalArgumentException("at most " + FeatureExtractor.MAX_SEGMENTS
                    + " segments per request are read by the feature extractor, so the segment limit cannot be "
                    + maxSegments);
        }
    }
}
