package dev.kiln.engine.cache.store;

import dev.kiln.engine.cache.CacheEntry;
import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.cache.LayerCache;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.Partial;
import dev.kiln.engine.image.remote.ImagePusher;
import dev.kiln.engine.image.remote.RemoteBlobSource;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.Access;
import dev.kiln.engine.registry.FetchedManifest;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.RegistryNotFoundException;
import dev.kiln.engine.registry.RemoteRepository;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LayerCache} in a registry repository, kaniko's {@code --cache-repo}: the entry for key {@code K} is
 * the image tagged {@code K} (see {@link EntryFormat}).
 *
 * <p>A probe fetches the manifest and the config, nothing more: a hit's layer is lazy (reading it downloads the
 * blob into {@code blobDir}, verified, on the reading thread) and names this repository as
 * {@link Layer#mountableFrom()}, so pushing it to a destination on the same registry is a cross-repository
 * mount. An absent tag is a quiet miss; anything else that keeps an entry from being trusted (expired, an
 * index, several layers, a wrong key label, bad JSON, denied, unreachable) is a miss with one warning naming
 * the key, the repository and the cause. A store pushes the entry with {@link ImagePusher}.
 *
 * <p>Thread-safe and non-blocking: state is the client's and a shared {@link RemoteBlobSource}.
 */
public final class RegistryLayerCache implements LayerCache {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryLayerCache.class);

    private final RegistryClient client;
    private final RepositoryName repository;
    private final CacheOptions options;
    private final Platform platform;
    private final Clock clock;
    private final RemoteBlobSource source;

    /**
     * @param client     the build's registry client
     * @param repository the cache repository, e.g. {@code registry.local/app/cache}
     * @param options    TTL, and whether stores happen at all ({@link CacheOptions#push()})
     * @param platform   os and architecture written into entry configs
     * @param clock      what "now" is, for {@code created} and the TTL
     * @param blobDir    where hit layers are downloaded when read; owned by the caller
     */
    public RegistryLayerCache(RegistryClient client, RepositoryName repository, CacheOptions options,
                              Platform platform, Clock clock, Path blobDir) {
        this.client = Objects.requireNonNull(client, "client");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.options = Objects.requireNonNull(options, "options");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.source = new RemoteBlobSource(client.repository(repository, Access.PULL),
                Objects.requireNonNull(blobDir, "blobDir"));
    }

    @Override
    public Future<Optional<CacheEntry>> probe(CacheKey key) {
        RemoteRepository repo = source.repository();
        Future<FetchedManifest> manifest;
        try {
            manifest = repo.manifest(key.hex());
        } catch (RuntimeException e) {
            manifest = Future.failedFuture(e);
        }
        return manifest.compose(m -> entry(key, m), e -> {
            if (e instanceof RegistryNotFoundException) {
                LOG.debug("Layer cache {}: no entry {}", repository, key.shortForm());
                return Future.succeededFuture(Optional.empty());
            }
            return Future.failedFuture(e);
        }).recover(e -> {
            warn(key, e.getMessage() == null ? e.toString() : e.getMessage());
            return Future.succeededFuture(Optional.empty());
        });
    }

    /** Judges the entry {@code m} found under {@code key}; a hit, or a miss already logged. */
    private Future<Optional<CacheEntry>> entry(CacheKey key, FetchedManifest m) {
        if (m.isIndex()) {
            return miss(key, "it is an index (" + m.mediaType() + "), not an entry image");
        }
        Manifest manifest = m.manifest();
        return source.repository().fetchBlob(manifest.config(), Partial.MAX_CONFIG_SIZE).compose(config ->
                switch (EntryFormat.judge(key, manifest, config, clock.instant(), options.ttl())) {
                    case EntryFormat.Corrupt c -> miss(key, c.reason());
                    case EntryFormat.Expired x -> expired(key, "expired (stored " + x.created() + ", TTL "
                            + options.ttl() + ")");
                    case EntryFormat.Fresh f -> {
                        source.remember(m.digest(), m.raw());
                        source.remember(manifest.config().digest(), config);
                        // Served from memory: no network here, and the layer stays lazy.
                        yield client.vertx().executeBlocking(() -> {
                            Image image = Partial.image(source, m.descriptor());
                            return Optional.of(new CacheEntry(key, image.layers().stream().findFirst(), f.created()));
                        }, false);
                    }
                });
    }

    @Override
    public Future<Void> store(CacheKey key, Optional<Layer> layer) {
        if (!options.push()) {
            return Future.succeededFuture(); // --no-push-cache: read only
        }
        String action = "store cache entry " + key.shortForm() + " in " + repository;
        try {
            Image image = EntryFormat.image(key, layer, platform, clock.instant());
            ImageReference tag = new ImageReference(repository.registry(), repository.path(), key.hex(), null);
            return new ImagePusher(client).push(image, List.of(tag))
                    .<Void>mapEmpty()
                    .recover(e -> Future.failedFuture(new LayerCacheException(action, e)));
        } catch (RuntimeException e) {
            return Future.failedFuture(new LayerCacheException(action, e));
        }
    }

    /** The repository, e.g. {@code registry.local/app/cache}. */
    @Override
    public String describe() {
        return repository.toString();
    }

    /** An entry past the TTL: a normal miss, logged at INFO as kaniko does. */
    private Future<Optional<CacheEntry>> expired(CacheKey key, String cause) {
        LOG.info("Layer cache entry {} in {} is a miss: {}", key.shortForm(), repository, cause);
        return Future.succeededFuture(Optional.empty());
    }

    private Future<Optional<CacheEntry>> miss(CacheKey key, String cause) {
        warn(key, cause);
        return Future.succeededFuture(Optional.empty());
    }

    private void warn(CacheKey key, String cause) {
        LOG.warn("Layer cache entry {} in {} is a miss: {}", key.shortForm(), repository, cause);
    }
}
