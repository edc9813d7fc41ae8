package io.sluice.ingest;

import java.io.Serializable;

/**
 * What one partner did with one request.
 *
 * @param requestId          the request's id, the join key
 * @param partnerId          the partner
 * @param bid                whether it bid (for iPinYou: whether its bid won an impression)
 * @param priceMicros        its bid price in millionths of a currency unit CPM; 0 for no bid; {@link #UNKNOWN} when
 *                           the log does not say
 * @param responseTimeMillis how long it took to answer; {@link #UNKNOWN} when the log does not say
 */
public record Outcome(String requestId, String partnerId, boolean bid, long priceMicros, long responseTimeMillis)
        implements Serializable {

    /** A price or response time that the log does not record (never a measured value: both are non-negative). */
    public static final long UNKNOWN = -1;

    public Outcome {
        if (requestId.isEmpty() || partnerId.isEmpty()) {
            throw new IllegalArgumentException("an outcome names its request and partner");
        }
        if (priceMicros < UNKNOWN || responseTimeMillis < UNKNOWN) {
            throw new IllegalArgumentException("price and response time are non-negative or UNKNOWN");
        }
    }

    /** Whether {@code other} says the same about the same partner and request (a duplicate, not a conflict). */
    public boolean sameLabelAs(Outcome other) {
        return bid == other.bid;
    }
}
