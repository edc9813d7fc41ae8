package io.sluice.service.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A read-only view of parsed YAML that navigates by key and fails with the path it could not follow. */
record Tree(String path, Object value) {

    /** The child under {@code key}; its value is null when the key is absent. */
    Tree get(String key) {
        if (value == null) {
            return new Tree(path + "." + key, null);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new AssertionError(path + " is not a mapping: " + value);
        }
        return new Tree(path + "." + key, map.get(key));
    }

    /** Follows {@code keys} in order. */
    Tree at(String... keys) {
        Tree tree = this;
        for (String key : keys) {
            tree = tree.get(key);
        }
        return tree;
    }

    boolean exists() {
        return value != null;
    }

    /** The items of a sequence; none when absent. */
    List<Tree> list() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new AssertionError(path + " is not a sequence: " + value);
        }
        List<Tree> trees = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            trees.add(new Tree(path + "[" + i + "]", items.get(i)));
        }
        return trees;
    }

    /** The entries of a mapping, in document order; none when absent. */
    Map<String, Tree> entries() {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new AssertionError(path + " is not a mapping: " + value);
        }
        Map<String, Tree> entries = new LinkedHashMap<>();
        map.forEach((key, child) -> entries.put(String.valueOf(key), new Tree(path + "." + key, child)));
        return entries;
    }

    /** The scalar as text (numbers and booleans as written); fails when absent. */
    String string() {
        if (value == null) {
            throw new AssertionError(path + " is missing");
        }
        if (value instanceof Map || value instanceof List) {
            throw new AssertionError(path + " is not a scalar: " + value);
        }
        return String.valueOf(value);
    }

    int integer() {
        try {
            return Integer.parseInt(string());
        } catch (NumberFormatException e) {
            throw new AssertionError(path + " is not an integer: " + value);
        }
    }

    /** The list of scalars as text. */
    List<String> strings() {
        return list().stream().map(Tree::string).toList();
    }

    /** Every tree below this one (this one included), depth first. */
    List<Tree> descendants() {
        List<Tree> all = new ArrayList<>();
        all.add(this);
        if (value instanceof Map) {
            entries().values().forEach(child -> all.addAll(child.descendants()));
        } else if (value instanceof List) {
            list().forEach(child -> all.addAll(child.descendants()));
        }
        return all;
    }
}
