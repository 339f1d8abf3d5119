package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.RepositoryName;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Which repositories are known to hold a blob, learnt from pulls, existence checks and uploads: the source
 * for cross-repository mounts, so a push to another repository of the same registry asks the registry to link
 * the blob instead of sending it again.
 *
 * <p>Thread-safe (concurrent collections). Knowledge can be stale (a blob deleted meanwhile); a mount that
 * fails falls back to an upload, so staleness costs nothing but the attempt.
 */
final class BlobLocations {

    /** Repositories remembered per blob; a few are enough to find one on the right registry. */
    private static final int MAX_PER_BLOB = 8;

    private final Map<Digest, Deque<RepositoryName>> known = new ConcurrentHashMap<>();

    /** Notes that {@code repository} holds {@code digest}. */
    void record(Digest digest, RepositoryName repository) {
        Deque<RepositoryName> repos = known.computeIfAbsent(digest, d -> new ConcurrentLinkedDeque<>());
        repos.remove(repository);
        repos.addFirst(repository);
        while (repos.size() > MAX_PER_BLOB) {
            repos.pollLast();
        }
    }

    /** A repository on {@code target}'s registry, other than {@code target}, known to hold {@code digest}. */
    Optional<RepositoryName> mountSource(Digest digest, RepositoryName target) {
        Deque<RepositoryName> repos = known.get(digest);
        if (repos == null) {
            return Optional.empty();
        }
        return repos.stream().filter(r -> r.registry().equals(target.registry()) && !r.equals(target)).findFirst();
    }
}
