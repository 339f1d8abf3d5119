package dev.kiln.engine.image.remote;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.Partial;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MalformedContentException;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.Access;
import dev.kiln.engine.registry.FetchedManifest;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.RegistryException;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images and indexes from registries as {@link Image} and {@link ImageIndex} views: the registry backend of
 * the {@code image} package, after go-containerregistry's {@code remote}.
 *
 * <p>Manifests (through mirrors and maps, index resolved to a platform) and the config are fetched
 * asynchronously, then {@link Partial} builds the view over a {@link RemoteBlobSource} that serves them from
 * memory; layers are downloaded into {@code cacheDir} when first opened (blocking, on worker threads), or all at
 * once, in parallel and verified, by {@link #pull}. The views are lazy like every {@code image} view: their
 * accessors may block and belong on worker threads.
 *
 * <p>Thread-safe; one source per repository is shared by every image read from it.
 */
public final class RemoteImages {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteImages.class);

    private final RegistryClient client;
    private final Path cacheDir;
    private final Map<RepositoryName, RemoteBlobSource> sources = new ConcurrentHashMap<>();

    /** Images read through {@code client}, layers cached under {@code cacheDir} (owned by the caller). */
    public RemoteImages(RegistryClient client, Path cacheDir) {
        this.client = Objects.requireNonNull(client, "client");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The image for this machine's platform ({@link Platform#host()}). */
    public Future<Image> image(ImageReference ref) {
        return image(ref, Platform.host());
    }

    /**
     * The image {@code ref} names; an index is resolved to {@code platform}. Manifest and config are fetched
     * now, layers when opened.
     */
    public Future<Image> image(ImageReference ref, Platform platform) {
        return client.pullImageManifest(ref, platform).compose(m -> imageOf(m, ref));
    }

    /**
     * {@link #image(ImageReference, Platform)} with every layer downloaded (in parallel, bounded by the client's
     * {@link RegistryClient#throttle()}, verified) before the future completes, so reading layers never waits
     * for the network.
     */
    public Future<Image> pull(ImageReference ref, Platform platform) {
        return client.pullImageManifest(ref, platform).compose(m -> imageOf(m, ref).compose(image -> {
            RemoteBlobSource source = source(m.repository());
            List<Future<?>> downloads = new ArrayList<>();
            for (Descriptor layer : m.manifest().layers()) {
                if (layer.mediaType().isDistributable()) {
                    downloads.add(client.throttle().run(() -> source.download(layer)));
                }
            }
            return Future.all(downloads).map(image);
        }));
    }

    /**
     * {@link #image(ImageReference, Platform)}, and every layer starts downloading into the cache at once (in
     * parallel, bounded by the client's {@link RegistryClient#throttle()}) without the future waiting for it:
     * a build gets the config to plan with right away while the layers arrive for its extraction, which
     * waits for each layer's download when it opens it.
     */
    public Future<Image> imageAndPrefetch(ImageReference ref, Platform platform) {
        return image(ref, platform).onSuccess(this::prefetch);
    }

    /**
     * Starts downloading every layer of {@code image}, an image read through this instance, into the cache (in
     * parallel, bounded by the client's throttle); returns at once. Downloads running or done are shared.
     */
    public void prefetch(Image image) {
        // the layer views come from the config (in memory here, but an Image accessor may block): a worker
        client.vertx().executeBlocking(image::layers, false).onSuccess(layers -> {
            for (Layer layer : layers) {
                Descriptor d = layer.descriptor();
                if (!d.mediaType().isDistributable() || layer.mountableFrom().isEmpty()) {
                    continue;
                }
                RepositoryName repository = layer.mountableFrom().get();
                long started = System.nanoTime();
                client.throttle().run(() -> source(repository).download(d)).onSuccess(path -> LOG.info(
                        "Pulled layer {} ({}) from {} in {} ms", d.digest().shortForm(), size(d.size()), repository,
                        (System.nanoTime() - started) / 1_000_000));
            }
        });
    }

    /** A blob size for the pull and push progress lines: bytes, kB or MB with one decimal. */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        return bytes < 1_000_000 ? String.format(java.util.Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** The index {@code ref} names; its images are read from the same repository when asked for. */
    public Future<ImageIndex> index(ImageReference ref) {
        return client.pullManifest(ref).compose(m -> {
            if (!m.isIndex()) {
                return Future.failedFuture(new RegistryException("pull index " + ref, "it is an image manifest ("
                        + m.mediaType() + "), not an index"));
            }
            RemoteBlobSource source = source(m.repository());
            source.remember(m.digest(), m.raw());
            return client.vertx().executeBlocking(() -> Partial.index(source, m.descriptor()), false);
        });
    }

    /** The blob source for {@code repository}, shared by every image read from it. */
    public RemoteBlobSource source(RepositoryName repository) {
        return sources.computeIfAbsent(repository, r -> new RemoteBlobSource(client.repository(r, Access.PULL),
                cacheDir));
    }

    /** Fetches the config of manifest {@code m}, then builds the view on a worker thread. */
    private Future<Image> imageOf(FetchedManifest m, ImageReference ref) {
        Manifest manifest;
        try {
            manifest = m.manifest();
        } catch (MalformedContentException e) {
            return Future.failedFuture(new RegistryException("pull image " + ref, e.getMessage()));
        }
        RemoteBlobSource source = source(m.repository());
        source.remember(m.digest(), m.raw());
        Descriptor config = manifest.config();
        return source.repository().fetchBlob(config, Partial.MAX_CONFIG_SIZE).compose(bytes -> {
            source.remember(config.digest(), bytes);
            return client.vertx().executeBlocking(() -> {
                Image image = Partial.image(source, m.descriptor());
                image.config(); // parse now, off the event loop, so errors surface here
                return image;
            }, false);
        });
    }
}
