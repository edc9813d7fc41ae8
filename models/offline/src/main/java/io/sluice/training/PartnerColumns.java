package io.sluice.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The partners rows label, numbered as they are first seen while rows stream by (rows may label different
 * partners); at the end, {@link #sorted} are the model's output columns and {@link #columnOfIndex} maps the numbers
 * to them.
 */
final class PartnerColumns {

    /** Numbers are stored in two bytes per labelled entry. */
    static final int MAX_PARTNERS = 1 << 16;

    private final Map<String, Integer> indexOf = new HashMap<>();
    private final List<String> seen = new ArrayList<>();

    /** Starts with {@code declared} partners (a shard manifest's), so they are columns even if no row labels them. */
    PartnerColumns(List<String> declared) {
        declared.forEach(this::indexOf);
    }

    /** The partner's number, assigning the next one to a partner not seen before. */
    int indexOf(String partner) {
        return indexOf.computeIfAbsent(partner, p -> {
            if (seen.size() == MAX_PARTNERS) {
                throw new DataFormatException("the rows label more than " + MAX_PARTNERS + " partners", null);
            }
            seen.add(p);
            return seen.size() - 1;
        });
    }

    /** Every partner seen, sorted: the output columns. */
    List<String> sorted() {
        return seen.stream().sorted().toList();
    }

    /** {@code columnOfIndex()[indexOf(p)]} is p's position in {@link #sorted}. */
    int[] columnOfIndex() {
        List<String> sorted = sorted();
        int[] columns = new int[seen.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = sorted.indexOf(seen.get(i));
        }
        return columns;
    }
}
