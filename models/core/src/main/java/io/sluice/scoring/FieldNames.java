package io.sluice.scoring;

/**
 * How a refusal names a field of a bid request: by its proto path under {@code bid_request}, or by where the caller
 * wrote it (the JSON path of an OpenRTB request). Names are only built for a refusal, never on the scoring path.
 */
@FunctionalInterface
public interface FieldNames {

    /** The proto's names: {@code imp[0].banner.w} is {@code bid_request.imp[0].banner.w}. */
    FieldNames PROTO = field -> "bid_request." + field;

    /** The name of {@code field}, given as its path in the proto {@code BidRequest} (e.g. {@code imp[0].banner.w}). */
    String of(String field);
}
