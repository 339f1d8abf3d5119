package dev.kiln.engine.registry.auth;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The access a registry request needs to one repository, as a token server understands it:
 * {@code repository:NAME:ACTIONS} (https://distribution.github.io/distribution/spec/auth/scope/).
 *
 * <p>Immutable: the actions are copied into an unmodifiable sorted set, so {@code pull,push} is always written
 * in the order Docker writes it and two scopes with the same actions are equal and hash alike (they key the
 * token cache).
 *
 * @param repository the repository path without the registry host, e.g. {@code library/busybox}
 * @param actions    the actions asked for, e.g. {@code pull} and {@code push}; never empty
 */
public record Scope(String repository, Set<String> actions) {

    /** Action to read manifests and blobs. */
    public static final String PULL = "pull";
    /** Action to write manifests and blobs. */
    public static final String PUSH = "push";

    /** Copies and checks the parts; a scope string must not be ambiguous, so no spaces, and no empty parts. */
    public Scope {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(actions, "actions");
        if (repository.isEmpty() || repository.chars().anyMatch(c -> c == ' ' || c == ':' || c == ',')) {
            throw new IllegalArgumentException("scope repository \"" + repository + "\": empty or contains ' ', ':' or ','");
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("scope for repository " + repository + ": no actions");
        }
        SortedSet<String> sorted = new TreeSet<>();
        for (String action : actions) {
            if (action == null || action.isEmpty() || action.chars().anyMatch(c -> c == ' ' || c == ':' || c == ',')) {
                throw new IllegalArgumentException("scope for repository " + repository + ": bad action \"" + action + "\"");
            }
            sorted.add(action);
        }
        actions = Collections.unmodifiableSortedSet(sorted);
    }

    /** The scope to read {@code repository}. */
    public static Scope pull(String repository) {
        return new Scope(repository, Set.of(PULL));
    }

    /** The scope to write {@code repository}: pull and push, because a push reads blobs and manifests too. */
    public static Scope push(String repository) {
        return new Scope(repository, Set.of(PULL, PUSH));
    }

    /**
     * Both scopes' actions on this repository.
     *
     * @throws IllegalArgumentException when {@code other} names another repository
     */
    public Scope merge(Scope other) {
        if (!repository.equals(other.repository)) {
            throw new IllegalArgumentException("merge scope " + this + " with " + other + ": different repositories");
        }
        Set<String> all = new TreeSet<>(actions);
        all.addAll(other.actions);
        return new Scope(repository, all);
    }

    /** Whether a token granted for this scope also grants {@code other}. */
    public boolean covers(Scope other) {
        return repository.equals(other.repository) && actions.containsAll(other.actions);
    }

    /**
     * Merges scopes on the same repository and sorts the result by repository, so that a list of scopes has
     * one canonical form (the token cache key and the order of the {@code scope} query parameters).
     */
    public static List<Scope> normalize(List<Scope> scopes) {
        return scopes.stream()
                .collect(Collectors.toMap(Scope::repository, s -> s, Scope::merge, java.util.TreeMap::new))
                .values().stream().toList();
    }

    /** {@code repository:NAME:pull,push}, the form token servers and {@code WWW-Authenticate} use. */
    @Override
    public String toString() {
        return "repository:" + repository + ":" + String.join(",", actions);
    }
}
