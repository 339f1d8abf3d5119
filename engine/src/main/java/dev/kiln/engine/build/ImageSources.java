package dev.kiln.engine.build;

import dev.kiln.engine.cache.base.BaseImageCache;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.remote.RemoteImages;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The images one build reads ({@code FROM}, {@code COPY --from=image}, {@code RUN --mount=from=image}), each
 * resolved once per reference and platform however many stages name it, its layers downloading from the
 * moment its manifest is known; and, for images read as file trees, one extraction each.
 *
 * <p>With a base-image cache ({@code --cache-dir}), each image is looked up there first, off the event loop;
 * a hit is used as it is and the registry is not asked at all for that image.
 *
 * <p>Thread-safe: the maps hold futures, so concurrent stages asking for one image share its resolution and
 * its extraction.
 */
final class ImageSources {

    private static final Logger LOG = LoggerFactory.getLogger(ImageSources.class);

    private record Key(ImageReference reference, Platform platform) {
    }

    private final Vertx vertx;
    private final RemoteImages remote;
    private final WorkDir workDir;
    private final Platform defaultPlatform;
    private final Map<Key, Future<Image>> images = new ConcurrentHashMap<>();
    private final Map<Key, Future<Path>> extracted = new ConcurrentHashMap<>();
    private final AtomicInteger extractions = new AtomicInteger();
    private final boolean prefetch;
    /** Layer downloads wait for it: kaniko's push-permission check, so a refused build downloads nothing. */
    private final Future<Void> prefetchGate;
    private final Optional<BaseImageCache> baseImageCache;
    /** Images served by the base-image cache: their layers are on disk, never fetched. */
    private final Set<Key> local = ConcurrentHashMap.newKeySet();

    /**
     * Images read through {@code remote}, or from {@code baseImageCache} first when given; with
     * {@code prefetch}, every remote image's layers start downloading as soon as its manifest is known, else only
     * when read or {@link #prefetch asked for}.
     */
    ImageSources(Vertx vertx, RemoteImages remote, WorkDir workDir, Platform defaultPlatform, boolean prefetch,
            Optional<BaseImageCache> baseImageCache, Future<Void> prefetchGate) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.defaultPlatform = Objects.requireNonNull(defaultPlatform, "defaultPlatform");
        this.prefetch = prefetch;
        this.prefetchGate = Objects.requireNonNull(prefetchGate, "prefetchGate");
        this.baseImageCache = Objects.requireNonNull(baseImageCache, "baseImageCache");
    }

    /** The image {@code ref} names for {@code platform} (the build's when empty); resolved once. */
    Future<Image> image(ImageReference ref, Optional<Platform> platform) {
        Key key = new Key(ref, platform.orElse(defaultPlatform));
        return images.computeIfAbsent(key, k -> cached(k).compose(hit -> {
            if (hit.isPresent()) {
                local.add(k);
                return Future.succeededFuture(hit.get());
            }
            return fetch(k);
        }));
    }

    /** The image from the base-image cache, if there is one and it holds the image; never fails. */
    private Future<Optional<Image>> cached(Key k) {
        if (baseImageCache.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        BaseImageCache cache = baseImageCache.get();
        return Blocking.run(vertx, "base-image-cache", () -> cache.lookup(k.reference(), k.platform()))
                .onSuccess(hit -> hit.ifPresent(image -> LOG.info("Found {} ({}) in the base-image cache {}",
                        k.reference().familiar(), image.digest().shortForm(), cache.directory())))
                .recover(e -> Future.succeededFuture(Optional.empty()));
    }

    /** The image from its registry. */
    private Future<Image> fetch(Key k) {
        ImageReference ref = k.reference();
        LOG.info("Retrieving image manifest {}", ref.familiar());
        return remote.image(k.reference(), k.platform())
                .onSuccess(image -> {
                    if (prefetch) {
                        prefetchGate.onSuccess(v -> remote.prefetch(image));
                    }
                })
                .recover(e -> Future.failedFuture(new BuildException("retrieve image " + ref.familiar()
                        + " for " + k.platform(), e)));
    }

    /**
     * Starts downloading the layers of the image (when the sources were made without prefetching); returns at
     * once. Downloads already running or done are shared, not repeated.
     */
    void prefetch(ImageReference ref, Optional<Platform> platform) {
        Key key = new Key(ref, platform.orElse(defaultPlatform));
        Future<Image> image = images.get(key);
        if (!prefetch && image != null && !local.contains(key)) {
            prefetchGate.onSuccess(v -> image.onSuccess(remote::prefetch));
        }
    }

    /**
     * The file tree of the image, extracted once into the build's work directory; the caller must not change
     * it (it may be shared by several stages).
     */
    Future<Path> extracted(ImageReference ref, Optional<Platform> platform) {
        Key key = new Key(ref, platform.orElse(defaultPlatform));
        return extracted.computeIfAbsent(key, k -> image(ref, platform).compose(image ->
                Blocking.run(vertx, "extract-image", () -> {
                    Path dir = workDir.images().resolve(Integer.toString(extractions.incrementAndGet()));
                    Files.createDirectories(dir);
                    LOG.info("Extracting image {} to read files from it", ref.familiar());
                    Extraction.extract(workDir, image, dir);
                    return dir;
                })));
    }
}
