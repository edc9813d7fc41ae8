package io.sluice.spark;

import java.io.Serializable;
import java.util.Comparator;

/**
 * Where an input line was read: the file as the job was given it (a glob expanded) and the line (or, in a decision
 * log, the record) number from 1. Each file is read whole by one task, so the number is exact.
 */
record Location(String file, long line) implements Serializable, Comparable<Location> {

    private static final Comparator<Location> ORDER =
            Comparator.comparing(Location::file).thenComparingLong(Location::line);

    @Override
    public int compareTo(Location other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
