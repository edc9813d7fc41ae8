package io.sluice.shaping;

import io.sluice.scoring.StableHash;

/**
 * Chooses the requests sent as exploration, deterministically: a request's draw for a partner is a uniform number in
 * [0, 1) computed from its id, the partner and a salt, so a retried request and every replica decide alike, and
 * changing the salt draws a fresh sample. A partner's draws are independent of another's.
 *
 * <p>The draw is the {@link StableHash} of the salt then the request id, mixed with the partner's (FNV-1a of its id)
 * by the MurmurHash3 64-bit finaliser; its top 53 bits divided by 2^53 give the number. An offline tool can
 * recompute it.
 */
public final class ExplorationSampler {

    private final long saltHash;

    public ExplorationSampler(String salt) {
        this.saltHash = StableHash.seed(salt);
    }

    /** A partner's key for {@link #draw}, computed once per partner. */
    public static long partnerKey(String partnerId) {
        return StableHash.of(StableHash.seed(""), partnerId);
    }

    /** The request's key for {@link #draw}, computed once per request whatever the number of partners. */
    public long requestKey(String requestId) {
        return StableHash.of(saltHash, requestId);
    }

    /** The request's uniform draw in [0, 1) for the partner; the request is explored when it is below the rate. */
    public static double draw(long requestKey, long partnerKey) {
        return StableHash.unit(StableHash.mix(requestKey ^ StableHash.mix(partnerKey)));
    }
}
