package io.sluice.training;

/**
 * Deterministic standard-normal numbers keyed by hashes of (seed, partner, field, value): an effect table for
 * any cardinality that needs no storage and no RNG state.
 */
final class EffectHash {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double TWO_PI = 2 * Math.PI;
    private static final double TWO_POW_MINUS_32 = 0x1.0p-32;

    private EffectHash() {
    }

    /** SplitMix64's finalizer: a bijective mix so that nearby keys give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Order-sensitive combination of two keys. */
    static long combine(long a, long b) {
        return mix(a * GOLDEN + b);
    }

    /** 64-bit FNV-1a over the UTF-16 code units, then mixed; stable across JVMs unlike identity hashes. */
    static long of(CharSequence value) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    /** A standard-normal value determined by {@code key} (Box-Muller on the two 32-bit halves of a mixed key). */
    static double gaussian(long key) {
        long h = mix(key);
        // +0.5 keeps u1 strictly inside (0, 1) so the log is finite; |z| is then bounded by about 6.7.
        double u1 = ((h >>> 32) + 0.5) * TWO_POW_MINUS_32;
        double u2 = (h & 0xFFFFFFFFL) * TWO_POW_MINUS_32;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
    }

    /** A uniform value in {@code [0, 1)} determined by {@code key}. */
    static double uniform(long key) {
        return (mix(key) >>> 11) * 0x1.0p-53;
    }
}
