package io.sluice.service.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes, written as a whole number with a binary unit ({@code 64KiB}, {@code 1MiB}) or as plain bytes
 * ({@code 65536}, {@code 512B}); printed back in the largest unit that divides it exactly.
 */
public record DataSize(long bytes) implements Comparable<DataSize> {

    private static final Pattern TEXT = Pattern.compile("(\\d+)(B|KiB|MiB|GiB|TiB)?");
    private static final String[] UNITS = {"TiB", "GiB", "MiB", "KiB"};
    private static final int[] SHIFTS = {40, 30, 20, 10};

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative, got " + bytes);
        }
    }

    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofKiB(long kibibytes) {
        return new DataSize(Math.multiplyExact(kibibytes, 1L << 10));
    }

    public static DataSize ofMiB(long mebibytes) {
        return new DataSize(Math.multiplyExact(mebibytes, 1L << 20));
    }

    public static DataSize ofGiB(long gibibytes) {
        return new DataSize(Math.multiplyExact(gibibytes, 1L << 30));
    }

    /** Parses {@code 64KiB}, {@code 1MiB}, {@code 512B} or {@code 65536}; throws IllegalArgumentException otherwise. */
    public static DataSize parse(String text) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size such as 65536, 64KiB or 1MiB: '" + text + "'");
        }
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        int shift = switch (unit) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        try {
            return new DataSize(Math.multiplyExact(Long.parseLong(matcher.group(1)), 1L << shift));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size does not fit in 64 bits: '" + text + "'", e);
        }
    }

    /** The size as an int, for protocol limits; throws ArithmeticException from 2GiB up. */
    public int toIntBytes() {
        return Math.toIntExact(bytes);
    }

    @Override
    public int compareTo(DataSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** The text that parses back to this size, in the largest exact unit: {@code 64KiB}, {@code 1000B}. */
    @Override
    public String toString() {
        for (int i = 0; i < UNITS.length; i++) {
            long unit = 1L << SHIFTS[i];
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + UNITS[i];
            }
        }
        return bytes + "B";
    }
}
