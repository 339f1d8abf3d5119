package dev.kiln.engine.cache;

import dev.kiln.engine.image.Layer;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * Where a build finds and stores the layers of earlier builds' steps, by {@link CacheKey}: a registry
 * repository ({@code --cache-repo registry/app/cache}) or a local OCI layout ({@code --cache-repo oci:/path}).
 *
 * <p>Implementations are thread-safe and non-blocking: probes for every step of every stage go out at once
 * before any step runs, and stores run while the build goes on.
 */
public interface LayerCache {

    /**
     * Looks up {@code key}. A miss is an empty result, never a failure: an absent entry, one older than the
     * TTL, and an unreadable or corrupt one (logged as a warning naming the key and the cause) are all misses.
     * Fetches what is needed to trust the entry (manifest, config), never the layer's bytes.
     */
    Future<Optional<CacheEntry>> probe(CacheKey key);

    /**
     * Stores what the step with {@code key} produced: {@code layer} (a blob this build wrote), or nothing when
     * the step changed no file. The future fails when the entry could not be written; the build only warns.
     */
    Future<Void> store(CacheKey key, Optional<Layer> layer);

    /** Where the cache is, for logs and messages, e.g. {@code registry.example/app/cache} or {@code oci:/c}. */
    String describe();
}
