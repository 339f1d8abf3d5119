package dev.kiln.engine.cache.store;

import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.cache.LayerCache;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.InvalidReferenceException;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.RegistryClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Opens the {@link LayerCache} that kaniko's {@code --cache-repo} names: {@code oci:PATH} is a local OCI layout,
 * anything else a registry repository; without {@code --cache-repo} the cache is
 * {@code <first destination's repository>/cache}, as kaniko derives it.
 *
 * <p>Stateless.
 */
public final class LayerCaches {

    /** The prefix of a local OCI-layout cache. */
    public static final String OCI_PREFIX = "oci:";

    private LayerCaches() {
    }

    /**
     * The cache for {@code cacheRepo} (may be null) and the build's {@code destinations}.
     *
     * @throws IllegalArgumentException naming {@code cacheRepo} when it has a tag or digest or is not a
     *         repository name, or when there is neither a cache repository nor a destination
     */
    public static LayerCache open(String cacheRepo, List<ImageReference> destinations, RegistryClient client,
                                  CacheOptions options, Platform platform, Clock clock, Path blobDir) {
        Objects.requireNonNull(client, "client");
        if (cacheRepo != null && cacheRepo.startsWith(OCI_PREFIX)) {
            String path = cacheRepo.substring(OCI_PREFIX.length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("--cache-repo \"" + cacheRepo + "\": no path after \"oci:\"");
            }
            return new OciLayoutLayerCache(Path.of(path), options, platform, clock, client.vertx());
        }
        return new RegistryLayerCache(client, repository(cacheRepo, destinations), options, platform, clock, blobDir);
    }

    /** The registry repository {@code cacheRepo} names, or the one derived from the first destination. */
    static RepositoryName repository(String cacheRepo, List<ImageReference> destinations) {
        if (cacheRepo == null || cacheRepo.isBlank()) {
            if (destinations == null || destinations.isEmpty()) {
                throw new IllegalArgumentException("--cache needs --cache-repo or a --destination");
            }
            RepositoryName first = destinations.getFirst().context();
            return new RepositoryName(first.registry(), first.path() + "/cache");
        }
        String text = cacheRepo.strip();
        String lastComponent = text.substring(text.lastIndexOf('/') + 1);
        if (text.contains("@") || lastComponent.contains(":")) {
            throw new IllegalArgumentException("--cache-repo \"" + cacheRepo + "\": a cache repository takes no tag"
                    + " or digest (entries are tagged with their keys)");
        }
        try {
            return ImageReference.parse(text).context();
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException("--cache-repo \"" + cacheRepo + "\": " + e.getMessage(), e);
        }
    }
}
