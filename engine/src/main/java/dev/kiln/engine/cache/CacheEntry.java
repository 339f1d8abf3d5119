package dev.kiln.engine.cache;

import dev.kiln.engine.image.Layer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A cache hit: what an earlier build's step produced.
 *
 * <p>The layer is a reference, not bytes: reading it may download it (blocking, on a worker thread), and a
 * layer read from a registry cache names the repository it can be mounted from when pushed elsewhere on the
 * same registry. Immutable.
 *
 * @param key     the step's key
 * @param layer   the layer the step wrote, or empty when the step changed no file
 * @param created when the entry was stored (what {@code --cache-ttl} is measured from)
 */
public record CacheEntry(CacheKey key, Optional<Layer> layer, Instant created) {

    /** Rejects nulls. */
    public CacheEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(created, "created");
    }
}
