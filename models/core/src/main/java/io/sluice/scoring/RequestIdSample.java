package io.sluice.scoring;

import java.nio.charset.StandardCharsets;

/**
 * A share of requests chosen by their id: a request is in the sample when a stable hash of a salt and its
 * {@code bid_request.id} falls below the share, so a retried request and every replica choose alike, and samples
 * with different salts are independent of each other.
 *
 * <p>The hash is 64-bit FNV-1a over the salt's UTF-8 bytes then the id's UTF-16 code units, mixed by the MurmurHash3
 * 64-bit finaliser; its top 53 bits divided by 2^53 are the request's draw in [0, 1). An offline tool can recompute
 * it. Computing it allocates nothing.
 */
public final class RequestIdSample {

    /** No request. */
    public static final RequestIdSample NONE = new RequestIdSample("", 0);

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double TWO_TO_53 = 0x1.0p53;

    private final long saltHash;
    private final double share;
    /** A draw's top 53 bits below this are in the sample. */
    private final long bound;

    /** The {@code share} (0 to 1) of request ids that {@code salt} picks. */
    public RequestIdSample(String salt, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be between 0 and 1, got " + share);
        }
        long hash = FNV_OFFSET;
        for (byte b : salt.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        this.saltHash = hash;
        this.share = share;
        this.bound = (long) Math.ceil(share * TWO_TO_53);
    }

    /** The share of request ids in the sample. */
    public double share() {
        return share;
    }

    /** Whether the request with this id is in the sample. */
    public boolean includes(String requestId) {
        if (bound == 0) {
            return false;
        }
        long hash = saltHash;
        for (int i = 0; i < requestId.length(); i++) {
            hash = (hash ^ requestId.charAt(i)) * FNV_PRIME;
        }
        return mix(hash) >>> 11 < bound;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
