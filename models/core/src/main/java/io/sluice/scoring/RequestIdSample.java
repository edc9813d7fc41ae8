package io.sluice.scoring;

/**
 * A share of requests chosen by their id: a request is in the sample when the {@link StableHash} draw of a salt and
 * its {@code bid_request.id} is below the share, so a retried request and every replica choose alike, and samples
 * with different salts are independent of each other and of exploration. Choosing allocates nothing.
 */
public final class RequestIdSample {

    /** No request. */
    public static final RequestIdSample NONE = new RequestIdSample("", 0);

    private final long seed;
    private final double share;

    /** The {@code share} (0 to 1) of request ids that {@code salt} picks. */
    public RequestIdSample(String salt, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be between 0 and 1, got " + share);
        }
        this.seed = StableHash.seed(salt);
        this.share = share;
    }

    /** The share of request ids in the sample. */
    public double share() {
        return share;
    }

    /** Whether the request with this id is in the sample. */
    public boolean includes(String requestId) {
        return share > 0 && StableHash.unit(StableHash.mix(StableHash.of(seed, requestId))) < share;
    }
}
