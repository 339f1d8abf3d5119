package dev.kiln.engine.oci;

import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Defensive copies shared by the records of this package, so that every record is deeply immutable. */
final class Values {

    private Values() {
    }

    static List<String> strings(List<String> list, String what) {
        if (list == null) {
            return List.of();
        }
        for (String s : list) {
            Objects.requireNonNull(s, () -> what + " element");
        }
        return List.copyOf(list);
    }

    static <T> List<T> list(List<T> list, String what) {
        if (list == null) {
            return List.of();
        }
        for (T t : list) {
            Objects.requireNonNull(t, () -> what + " element");
        }
        return List.copyOf(list);
    }

    /** An unmodifiable copy sorted by key, the order in which Go writes maps. */
    static SortedMap<String, String> map(Map<String, String> map, String what) {
        if (map == null || map.isEmpty()) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, String> copy = new TreeMap<>();
        map.forEach((k, v) -> {
            Objects.requireNonNull(k, () -> what + " key");
            Objects.requireNonNull(v, () -> what + " value for " + k);
            copy.put(k, v);
        });
        return Collections.unmodifiableSortedMap(copy);
    }

    static SortedSet<String> set(Collection<String> set, String what) {
        if (set == null || set.isEmpty()) {
            return Collections.emptySortedSet();
        }
        TreeSet<String> copy = new TreeSet<>();
        for (String s : set) {
            copy.add(Objects.requireNonNull(s, () -> what + " element"));
        }
        return Collections.unmodifiableSortedSet(copy);
    }

    static String string(String s) {
        return s == null ? "" : s;
    }

    /**
     * A key-sorted deep copy of the unknown fields {@code extra}; rejects keys the record models itself,
     * which would otherwise be written twice.
     */
    static JsonObject extra(JsonObject extra, Set<String> known, String type) {
        if (extra == null || extra.isEmpty()) {
            return new JsonObject();
        }
        for (String k : extra.fieldNames()) {
            if (known.contains(k)) {
                throw new IllegalArgumentException(type + " extra fields must not contain the modelled field \"" + k + "\"");
            }
        }
        return (JsonObject) CanonicalJson.sorted(extra);
    }

    /** Appends {@code extra} (already sorted) after the modelled fields. */
    static void putExtra(JsonObject out, JsonObject extra) {
        for (Map.Entry<String, Object> e : extra) {
            out.put(e.getKey(), CanonicalJson.sorted(e.getValue()));
        }
    }
}
