package io.sluice.spark;

import java.io.Serializable;
import java.util.Comparator;

/**
 * Where an input line was read: the file (as Spark's file system names it) and the line number from 1, or the
 * record number in a decision log. Each file is read whole by one task, so the number is exact, and a rejection is
 * quoted as {@code sluice import} quotes it ({@code file:12}, {@code file:record 3}).
 */
record Location(String file, long number, boolean record) implements Serializable, Comparable<Location> {

    private static final Comparator<Location> ORDER =
            Comparator.comparing(Location::file).thenComparingLong(Location::number);

    /** Line {@code number} of a text file. */
    static Location line(String file, long number) {
        return new Location(file, number, false);
    }

    /** Record {@code number} of a decision log. */
    static Location record(String file, long number) {
        return new Location(file, number, true);
    }

    @Override
    public int compareTo(Location other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return file + ":" + (record ? "record " : "") + number;
    }
}
