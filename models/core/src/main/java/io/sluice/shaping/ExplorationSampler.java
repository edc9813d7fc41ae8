package io.sluice.shaping;

import java.nio.charset.StandardCharsets;

/**
 * Chooses the requests sent as exploration, deterministically: a request's draw for a partner is a uniform number in
 * [0, 1) computed from its id, the partner and a salt, so a retried request and every replica decide alike, and
 * changing the salt draws a fresh sample. A partner's draws are independent of another's.
 *
 * <p>The draw is 64-bit FNV-1a over the salt's UTF-8 bytes then the request id's UTF-16 code units, mixed with the
 * partner's FNV-1a hash by the MurmurHash3 64-bit finaliser; its top 53 bits divided by 2^53 give the number. An
 * offline tool can recompute it.
 */
public final class ExplorationSampler {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    private final long saltHash;

    public ExplorationSampler(String salt) {
        long hash = FNV_OFFSET;
        for (byte b : salt.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        this.saltHash = hash;
    }

    /** A partner's key for {@link #draw}, computed once per partner. */
    public static long partnerKey(String partnerId) {
        return fnv(FNV_OFFSET, partnerId);
    }

    /** The request's key for {@link #draw}, computed once per request whatever the number of partners. */
    public long requestKey(String requestId) {
        return fnv(saltHash, requestId);
    }

    /** The request's uniform draw in [0, 1) for the partner; the request is explored when it is below the rate. */
    public static double draw(long requestKey, long partnerKey) {
        return (mix(requestKey ^ mix(partnerKey)) >>> 11) * TWO_TO_MINUS_53;
    }

    private static long fnv(long seed, String text) {
        long hash = seed;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return hash;
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
