package dev.kiln.engine.dockerfile.shell;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The result of expanding one word: BuildKit's {@code ProcessWordResult}.
 *
 * <p>Immutable. Besides the value, it says which variables the word looked up: {@code matched} were set
 * (possibly empty), {@code unmatched} were not. The planner uses them to mark build arguments as consumed,
 * to build cache keys from only the variables a step depends on, and for BuildKit's lint warnings about
 * undefined variables. Both sets keep the order of first lookup.
 *
 * @param value     the expanded word, quotes and escapes removed
 * @param words     the expansion split into words as by {@link ShellLex#processWords}
 * @param matched   names looked up and found
 * @param unmatched names looked up and not found (including positional and special parameters)
 */
public record Expansion(String value, List<String> words, Set<String> matched, Set<String> unmatched) {

    /** Copies the collections. */
    public Expansion {
        Objects.requireNonNull(value, "value");
        words = List.copyOf(words);
        matched = Collections.unmodifiableSet(new LinkedHashSet<>(matched));
        unmatched = Collections.unmodifiableSet(new LinkedHashSet<>(unmatched));
    }

    /** Every name the word referred to: the found ones, then the missing ones, each in order of first lookup. */
    public Set<String> referenced() {
        LinkedHashSet<String> all = new LinkedHashSet<>(matched);
        all.addAll(unmatched);
        return Collections.unmodifiableSet(all);
    }
}
