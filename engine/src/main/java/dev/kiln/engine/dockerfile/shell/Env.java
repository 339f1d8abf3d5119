package dev.kiln.engine.dockerfile.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The variables a word is expanded against: an ordered map from name to value with Linux semantics
 * (names are case-sensitive, BuildKit's {@code equal_env_unix.go}).
 *
 * <p>Immutable and therefore thread-safe; {@link #with} and {@link #without} return new views. Order is
 * kept because it is visible: an image's {@code Config.Env} and the environment of {@code RUN} list
 * variables in definition order, and redefining a variable keeps its position (as Docker's
 * {@code addEnv} does) rather than moving it to the end.
 *
 * <p>{@link #toString()} prints only the names: values may be secrets passed as build arguments.
 */
public final class Env {

    private static final Env EMPTY = new Env(new LinkedHashMap<>());

    private final Map<String, String> vars;

    private Env(LinkedHashMap<String, String> vars) {
        this.vars = Collections.unmodifiableMap(vars);
    }

    /** An environment without variables. */
    public static Env empty() {
        return EMPTY;
    }

    /** The variables of {@code map}, in its iteration order. */
    public static Env of(Map<String, String> map) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, k)));
        return new Env(copy);
    }

    /**
     * Reads {@code NAME=value} entries as in an image config or BuildKit's {@code EnvsFromSlice}: the value
     * is everything after the first {@code '='}, an entry without {@code '='} has the empty value, and a
     * later entry for the same name replaces the value but keeps the first position.
     */
    public static Env fromList(List<String> entries) {
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                map.put(entry, "");
            } else {
                map.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return new Env(map);
    }

    /** The value of {@code name}, or null when it is not set (an empty value is set). */
    public String get(String name) {
        return vars.get(name);
    }

    /** The value of {@code name}, if set. */
    public Optional<String> lookup(String name) {
        return Optional.ofNullable(vars.get(name));
    }

    /** Whether {@code name} is set, possibly to the empty string. */
    public boolean contains(String name) {
        return vars.containsKey(name);
    }

    /** This environment with {@code name} set to {@code value}, in place if it was already set. */
    public Env with(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (value.equals(vars.get(name))) {
            return this;
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(vars);
        copy.put(name, value);
        return new Env(copy);
    }

    /** This environment with every entry of {@code other} set, in {@code other}'s order. */
    public Env withAll(Env other) {
        if (other.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(vars);
        copy.putAll(other.vars);
        return new Env(copy);
    }

    /** This environment without {@code name}. */
    public Env without(String name) {
        if (!vars.containsKey(name)) {
            return this;
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(vars);
        copy.remove(name);
        return new Env(copy);
    }

    /** The names, in order. */
    public List<String> names() {
        return List.copyOf(vars.keySet());
    }

    /** A read-only view of the variables, in order. */
    public Map<String, String> asMap() {
        return vars;
    }

    /** The variables as {@code NAME=value} entries, in order, as an image config stores them. */
    public List<String> toList() {
        List<String> out = new ArrayList<>(vars.size());
        vars.forEach((k, v) -> out.add(k + "=" + v));
        return List.copyOf(out);
    }

    /** The number of variables. */
    public int size() {
        return vars.size();
    }

    /** Whether no variable is set. */
    public boolean isEmpty() {
        return vars.isEmpty();
    }

    /** Equal when the same names map to the same values in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Env other && toList().equals(other.toList());
    }

    @Override
    public int hashCode() {
        return toList().hashCode();
    }

    /** The names only, never the values. */
    @Override
    public String toString() {
        return "Env" + vars.keySet();
    }
}
