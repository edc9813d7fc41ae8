package io.sluice.ingest;

import io.sluice.scoring.ScoringException;

/** The checks both outcome formats share: which fields are required and what range each value has. */
final class OutcomeValues {

    /** Above any real CPM in any currency; a larger price is a unit mistake (e.g. micros logged as units). */
    static final double MAX_PRICE = 1_000_000;
    private static final int MAX_ID_CHARACTERS = 256;

    private OutcomeValues() {
    }

    /**
     * The outcome these values describe, or why not. {@code price} (CPM, currency units) and
     * {@code responseTimeMillis} may be null: not logged. A no-bid's price is 0 whether logged as 0 or not at all.
     */
    static ParseResult<Outcome> outcome(String requestId, String partnerId, Boolean bid, Double price,
                                        Long responseTimeMillis) {
        if (requestId == null || requestId.isEmpty()) {
            return ParseResult.rejected("request_id: required");
        }
        if (partnerId == null || partnerId.isEmpty()) {
            return ParseResult.rejected("partner_id: required");
        }
        if (requestId.length() > MAX_ID_CHARACTERS || partnerId.length() > MAX_ID_CHARACTERS) {
            return ParseResult.rejected("request_id or partner_id: longer than " + MAX_ID_CHARACTERS + " characters");
        }
        if (bid == null) {
            return ParseResult.rejected("bid: required (true or false)");
        }
        if (price != null && !(price >= 0 && price <= MAX_PRICE)) {
            return ParseResult.rejected("price: " + price + " is outside [0, " + (long) MAX_PRICE + "]");
        }
        if (!bid && price != null && price != 0) {
            return ParseResult.rejected("price: " + price + " for a no-bid, which has no price");
        }
        if (responseTimeMillis != null && responseTimeMillis < 0) {
            return ParseResult.rejected("response_time_ms: " + responseTimeMillis + " is negative");
        }
        long priceMicros = price == null ? (bid ? Outcome.UNKNOWN : 0) : Math.round(price * 1_000_000);
        return ParseResult.of(new Outcome(requestId, partnerId, bid, priceMicros,
                responseTimeMillis == null ? Outcome.UNKNOWN : responseTimeMillis));
    }

    static String quoted(String value) {
        return "'" + ScoringException.shortened(value) + "'";
    }
}
