package io.sluice.scoring;

import java.nio.charset.StandardCharsets;

/**
 * The hash behind Sluice's choices by request id (exploration, the canary share, the shadow sample): 64-bit FNV-1a
 * over a salt's UTF-8 bytes then a text's UTF-16 code units, spread by the MurmurHash3 64-bit finaliser; its top 53
 * bits divided by 2^53 give a uniform number in [0, 1). It is the same in every process and release, so replicas
 * choose alike and an offline tool can recompute any choice. Hashing a text allocates nothing.
 */
public final class StableHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    private StableHash() {
    }

    /** The FNV-1a state after {@code salt}'s UTF-8 bytes, from which {@link #of} continues. */
    public static long seed(String salt) {
        long hash = FNV_OFFSET;
        for (byte b : salt.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return hash;
    }

    /** FNV-1a of {@code text}'s UTF-16 code units, continued from {@code seed}. */
    public static long of(long seed, String text) {
        long hash = seed;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return hash;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    public static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The uniform number in [0, 1) that the well-mixed {@code hash} stands for: its top 53 bits over 2^53. */
    public static double unit(long hash) {
        return (hash >>> 11) * TWO_TO_MINUS_53;
    }
}
