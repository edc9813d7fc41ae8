package io.sluice.features;

/**
 * The hashing trick used by the feature spec. It is part of the spec: changing it changes every hashed column.
 */
public final class FeatureHashing {

    private FeatureHashing() {
    }

    /** Case-insensitive polynomial hash of the characters (equals lower-cased ASCII {@code String.hashCode}). */
    public static int hash(CharSequence value) {
        int h = 0;
        for (int i = 0; i < value.length(); i++) {
            h = 31 * h + Character.toLowerCase(value.charAt(i));
        }
        return h;
    }

    /** Maps a raw hash to one of {@code buckets} columns, mixing in the field's salt. */
    public static int bucket(int rawHash, int salt, int buckets) {
        return Math.floorMod(mix(rawHash ^ salt), buckets);
    }

    /** One raw hash for an ordered pair of values, for crossed fields (e.g. region x hour). */
    public static int pair(int first, int second) {
        return 31 * mix(first) + second;
    }

    /** MurmurHash3's 32-bit finalizer: spreads low-entropy inputs (small ints, similar strings). */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
