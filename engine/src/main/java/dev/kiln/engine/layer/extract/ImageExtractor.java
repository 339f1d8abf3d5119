package dev.kiln.engine.layer.extract;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.layer.ExtractException;
import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.oci.Digest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies all layers of an {@link Image}, base first, to a rootfs directory (a build stage's base image),
 * while the next layers are already being fetched.
 *
 * <p>Why: a base image is several blobs from a registry, and each download is mostly waiting on the
 * network while each extraction is mostly CPU and system calls. With a read-ahead of {@code n}, the
 * compressed blobs of the next {@code n} layers are copied, each on its own virtual thread, into files of
 * a private temporary directory while the current layer is applied; so at most {@code n + 1} blobs are
 * on disk at once. A read-ahead of 0 streams each layer straight from {@link Layer#openCompressed()}
 * into the extractor, with no temporary file: the right choice for layers already on a local disk (an
 * OCI layout, a cache).
 *
 * <p>Every layer is verified: its blob digest against the manifest and its diff ID against the image
 * config's {@code rootfs.diff_ids} (the expected values in the given {@link ExtractOptions} are
 * replaced per layer). On the first failure the fetches still running are stopped, the temporary files
 * are removed and an {@link ImageExtractException} says which layer failed and whether the rootfs was
 * changed: if it was, it holds part of the image and the caller discards it ({@link RootfsCleaner}).
 *
 * <p>Immutable and thread-safe: each call has its own temporary directory and threads. The blocking
 * {@link #extract(Image, Path)} runs on the calling thread (a worker or virtual thread, never an event
 * loop); {@link #extract(Vertx, Image, Path)} runs it on a Vert.x worker.
 */
public final class ImageExtractor {

    /** Layers fetched ahead of the one being applied when none is given. */
    public static final int DEFAULT_READ_AHEAD = 2;

    /**
     * Progress of an extraction, for build events and metrics. Calls come from the extracting thread,
     * except {@link #fetched}, which comes from the fetching thread; implementations must be thread-safe
     * and quick, and should not throw (an exception fails the extraction like any other).
     */
    public interface Listener {
        /** Does nothing. */
        Listener NONE = new Listener() {};

        /** The compressed blob of layer {@code index} was read in full ({@code bytes} long). */
        default void fetched(int index, Layer layer, long bytes) {}

        /** Layer {@code index} starts to be applied. */
        default void applying(int index, Layer layer) {}

        /** Layer {@code index} was applied and verified. */
        default void applied(int index, Layer layer, ExtractResult result) {}
    }

    private final ExtractOptions options;
    private final int readAhead;
    private final Path tempDir;
    private final Listener listener;

    /**
     * @param options   how to apply each layer (ownership, limits); digests are always verified
     * @param readAhead how many layers to fetch ahead of the one being applied; 0 streams each layer
     *                  directly
     * @param tempDir   where the private temporary directory for fetched blobs is created, or null for
     *                  {@code java.io.tmpdir}; best on the rootfs's filesystem, with room for
     *                  {@code readAhead + 1} compressed layers
     * @param listener  progress callbacks
     */
    public ImageExtractor(ExtractOptions options, int readAhead, Path tempDir, Listener listener) {
        this.options = Objects.requireNonNull(options, "options");
        if (readAhead < 0) {
            throw new IllegalArgumentException("layer read-ahead " + readAhead + ": must not be negative");
        }
        this.readAhead = readAhead;
        this.tempDir = tempDir;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Default options, {@value #DEFAULT_READ_AHEAD} layers of read-ahead in {@code java.io.tmpdir}. */
    public ImageExtractor() {
        this(ExtractOptions.DEFAULT, DEFAULT_READ_AHEAD, null, Listener.NONE);
    }

    /** This extractor reporting progress to {@code l}. */
    public ImageExtractor withListener(Listener l) {
        return new ImageExtractor(options, readAhead, tempDir, l);
    }

    /** As {@link #extract(Image, Path)}, on a worker thread of {@code vertx}. */
    public Future<List<ExtractResult>> extract(Vertx vertx, Image image, Path rootfs) {
        return vertx.executeBlocking(() -> extract(image, rootfs), false);
    }

    /**
     * Applies every layer of {@code image}, in order, to {@code rootfs}. Blocking.
     *
     * @param rootfs an existing directory, usually empty
     * @return one result per layer, base first, each with its verified digest and diff ID
     * @throws ImageExtractException naming the image, the layer and the cause; see
     *                               {@link ImageExtractException#rootfsUnusable()}
     */
    public List<ExtractResult> extract(Image image, Path rootfs) throws ImageExtractException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(rootfs, "rootfs");
        Run run = new Run(image, rootfs);
        if (!Files.isDirectory(rootfs)) {
            throw run.fail(-1, "rootfs " + rootfs + " is not a directory", null);
        }
        try {
            run.layers = image.layers();
            run.diffIds = image.config().diffIds();
        } catch (ImageException e) {
            throw run.fail(-1, "read manifest and config: " + e.getMessage(), e);
        }
        if (run.layers.size() != run.diffIds.size()) {
            throw run.fail(-1, "the manifest lists " + run.layers.size() + " layers but the config "
                    + run.diffIds.size() + " diff IDs", null);
        }
        return readAhead == 0 ? run.streaming() : run.prefetching();
    }

    /** The state of one extraction: which layer is where. */
    private final class Run {
        final Image image;
        final String name;
        final Path rootfs;
        List<Layer> layers = List.of();
        List<Digest> diffIds = List.of();
        final List<ExtractResult> results = new ArrayList<>();
        boolean touched;

        Run(Image image, Path rootfs) {
            this.image = image;
            this.rootfs = rootfs;
            String n;
            try {
                n = image.digest().toString();
            } catch (ImageException e) {
                n = String.valueOf(image);
            }
            this.name = n;
        }

        /** Each layer streamed from its source straight into the extractor. */
        List<ExtractResult> streaming() throws ImageExtractException {
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                ExtractResult result;
                try (InputStream in = layer.openCompressed()) {
                    result = apply(i, in);
                } catch (ExtractException e) {
                    throw fail(i, e.getMessage(), e);
                } catch (IOException | RuntimeException e) {
                    throw fail(i, "read blob " + layer.digest() + ": " + ImageException.describe(e), e);
                }
                listener.fetched(i, layer, result.blobSize());
                applied(i, result);
            }
            return List.copyOf(results);
        }

        /** Fetches up to {@code readAhead} layers ahead into temporary files while applying the current one. */
        List<ExtractResult> prefetching() throws ImageExtractException {
            if (layers.isEmpty()) {
                return List.of();
            }
            Prefetcher prefetcher;
            try {
                prefetcher = new Prefetcher(layers, tempDir, listener::fetched);
            } catch (IOException e) {
                throw fail(-1, "create a temporary directory for layer blobs in "
                        + (tempDir == null ? System.getProperty("java.io.tmpdir") : tempDir) + ": " + e, e);
            }
            ImageExtractException failure = null;
            try {
                for (int i = 0; i < layers.size(); i++) {
                    for (int k = i; k <= i + readAhead; k++) {
                        prefetcher.start(k);
                    }
                    Path blob = fetched(prefetcher, i);
                    try (InputStream in = Files.newInputStream(blob)) {
                        ExtractResult result = apply(i, in);
                        prefetcher.release(i);
                        applied(i, result);
                    } catch (ExtractException e) {
                        throw fail(i, e.getMessage(), e);
                    } catch (IOException e) {
                        throw fail(i, "read fetched blob " + blob + ": " + e, e);
                    }
                }
                return List.copyOf(results);
            } catch (ImageExtractException e) {
                failure = e;
                throw e;
            } finally {
                try {
                    prefetcher.close();
                } catch (IOException e) {
                    ImageExtractException cleanup = fail(-1, "remove temporary layer blobs in "
                            + prefetcher.directory() + ": " + e, e);
                    if (failure != null) {
                        failure.addSuppressed(cleanup);
                    } else {
                        throw cleanup;
                    }
                }
            }
        }

        private Path fetched(Prefetcher prefetcher, int i) throws ImageExtractException {
            Layer layer = layers.get(i);
            try {
                return prefetcher.await(i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(i, "interrupted while fetching blob " + layer.digest(), e);
            } catch (Exception e) {
                throw fail(i, "fetch blob " + layer.digest() + ": " + ImageException.describe(e), e);
            }
        }

        private ExtractResult apply(int i, InputStream blob) throws ExtractException {
            Layer layer = layers.get(i);
            listener.applying(i, layer);
            touched = true;
            LayerExtractor extractor = new LayerExtractor(options.withExpectedDigest(layer.digest())
                    .withExpectedDiffId(diffIds.get(i)));
            return extractor.extract(layer.digest(), blob, rootfs);
        }

        private void applied(int i, ExtractResult result) {
            results.add(result);
            listener.applied(i, layers.get(i), result);
        }

        ImageExtractException fail(int index, String detail, Throwable cause) {
            return new ImageExtractException(name, rootfs, index, layers.size(), results.size(), touched, detail, cause);
        }
    }
}
