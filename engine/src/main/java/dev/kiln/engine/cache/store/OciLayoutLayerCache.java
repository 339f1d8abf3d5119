package dev.kiln.engine.cache.store;

import dev.kiln.engine.cache.CacheEntry;
import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.cache.LayerCache;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.Partial;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Platform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LayerCache} in a local OCI image layout, {@code --cache-repo oci:/path}: the entry for key {@code K}
 * is the image whose {@code index.json} entry has {@code org.opencontainers.image.ref.name = K} (see
 * {@link EntryFormat}). The layout is created by the first store; probing a layout that does not exist yet is
 * a quiet miss.
 *
 * <p>Writes go through {@link OciLayout}: blobs are written to temp files, verified and renamed; the entry
 * is tagged last, under the layout's per-directory lock, re-reading {@code index.json} each time, so
 * concurrent stores of this JVM (several builds, several threads) keep each other's entries. A hit's layer
 * reads the layout's blob lazily, verified. A tag whose blobs are missing, bad JSON, an index, an expired
 * or foreign entry: a miss with one warning naming the key, the layout and the cause.
 *
 * <p>Thread-safe and non-blocking: file work runs on Vert.x worker threads.
 */
public final class OciLayoutLayerCache implements LayerCache {

    private static final Logger LOG = LoggerFactory.getLogger(OciLayoutLayerCache.class);

    private final Path dir;
    private final CacheOptions options;
    private final Platform platform;
    private final Clock clock;
    private final Vertx vertx;

    /**
     * @param dir      the layout directory (created with the first entry)
     * @param options  TTL, and whether stores happen at all ({@link CacheOptions#push()})
     * @param platform os and architecture written into entry configs
     * @param clock    what "now" is, for {@code created} and the TTL
     * @param vertx    whose worker threads do the file work
     */
    public OciLayoutLayerCache(Path dir, CacheOptions options, Platform platform, Clock clock, Vertx vertx) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    @Override
    public Future<Optional<CacheEntry>> probe(CacheKey key) {
        return vertx.executeBlocking(() -> {
            try {
                return lookUp(key);
            } catch (RuntimeException | IOException e) {
                return miss(key, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }, false);
    }

    private Optional<CacheEntry> lookUp(CacheKey key) throws IOException {
        if (!Files.exists(dir.resolve("oci-layout"))) {
            return Optional.empty(); // nothing stored yet
        }
        OciLayout layout = OciLayout.open(dir);
        Optional<Descriptor> entry = layout.find(key.hex());
        if (entry.isEmpty()) {
            LOG.debug("Layer cache {}: no entry {}", describe(), key.shortForm());
            return Optional.empty();
        }
        Descriptor found = entry.get();
        if (!found.mediaType().isManifest()) {
            return miss(key, "it is " + (found.mediaType().isIndex() ? "an index" : "a blob") + " ("
                    + found.mediaType() + "), not an entry image");
        }
        Image image = Partial.image(layout, found);
        EntryFormat.Verdict verdict = EntryFormat.judge(key, image.manifest(), image.rawConfig(), clock.instant(),
                options.ttl());
        return switch (verdict) {
            case EntryFormat.Corrupt c -> miss(key, c.reason());
            case EntryFormat.Expired x -> expired(key, "expired (stored " + x.created() + ", TTL " + options.ttl() + ")");
            case EntryFormat.Fresh f -> {
                Optional<Layer> layer = image.layers().stream().findFirst();
                if (layer.isPresent() && !layout.hasBlob(layer.get().digest(), layer.get().size())) {
                    yield miss(key, "its layer blob " + layer.get().digest().shortForm() + " is missing or truncated");
                }
                yield Optional.of(new CacheEntry(key, layer, f.created()));
            }
        };
    }

    @Override
    public Future<Void> store(CacheKey key, Optional<Layer> layer) {
        if (!options.push()) {
            return Future.succeededFuture(); // --no-push-cache: read only
        }
        String action = "store cache entry " + key.shortForm() + " in " + describe();
        return vertx.<Void>executeBlocking(() -> {
            Image image = EntryFormat.image(key, layer, platform, clock.instant());
            OciLayout.create(dir).writeImage(image, key.hex());
            return null;
        }, false).recover(e -> Future.failedFuture(new LayerCacheException(action, e)));
    }

    /** {@code oci:} and the layout's absolute path. */
    @Override
    public String describe() {
        return "oci:" + dir;
    }

    /** An entry past the TTL: a normal miss, logged at INFO as kaniko does. */
    private Optional<CacheEntry> expired(CacheKey key, String cause) {
        LOG.info("Layer cache entry {} in {} is a miss: {}", key.shortForm(), describe(), cause);
        return Optional.empty();
    }

    private Optional<CacheEntry> miss(CacheKey key, String cause) {
        LOG.warn("Layer cache entry {} in {} is a miss: {}", key.shortForm(), describe(), cause);
        return Optional.empty();
    }
}
