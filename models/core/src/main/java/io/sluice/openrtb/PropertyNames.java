package io.sluice.openrtb;

import java.util.HashSet;
import java.util.Set;

/**
 * The property names of one JSON object read so far, to refuse a repeated one. An OpenRTB object has a handful of
 * properties, which a short array scan checks faster than the hash set per object of Jackson's duplicate detection;
 * past {@link #SCANNED} names (a large {@code ext}) a hash set keeps the check linear in the object's size.
 */
final class PropertyNames {

    /** Names checked by a scan before the rest go to a hash set. */
    static final int SCANNED = 8;

    private final String[] first = new String[SCANNED];
    private int count;
    private Set<String> rest;

    /** Adds {@code name}; false if the object already had it. */
    boolean add(String name) {
        for (int i = 0; i < count; i++) {
            if (first[i].equals(name)) {
                return false;
            }
        }
        if (count < SCANNED) {
            first[count++] = name;
            return true;
        }
        if (rest == null) {
            rest = new HashSet<>();
        }
        return rest.add(name);
    }
}
