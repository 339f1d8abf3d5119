package dev.kiln.engine.layer.extract;

import dev.kiln.engine.image.Layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Copies the compressed blobs of an image's layers into files of a private temporary directory, each
 * on its own virtual thread, so that the next layers download while the current one is applied.
 *
 * <p>Not thread-safe: driven by the one thread that applies the layers ({@link #start}, {@link #await},
 * {@link #release}, {@link #close}); only the fetch threads run concurrently, each on its own file.
 * The caller bounds how far ahead it starts fetches. {@link #close} stops the fetches still running
 * (closing their streams and interrupting their threads), waits for them and deletes the directory, so
 * no temporary file outlives an extraction, whether it succeeded or not.
 */
final class Prefetcher implements AutoCloseable {

    /** Called when a blob is complete in its file; on the fetching thread. */
    interface OnFetched {
        void fetched(int index, Layer layer, long bytes);
    }

    private final List<Layer> layers;
    private final Path dir;
    private final OnFetched onFetched;
    private final Fetch[] fetches;

    Prefetcher(List<Layer> layers, Path parent, OnFetched onFetched) throws IOException {
        this.layers = layers;
        this.dir = parent == null ? Files.createTempDirectory("kiln-layers-") : Files.createTempDirectory(
                Files.createDirectories(parent), "kiln-layers-");
        this.onFetched = onFetched;
        this.fetches = new Fetch[layers.size()];
    }

    /** The temporary directory holding the blobs. */
    Path directory() {
        return dir;
    }

    /** Starts fetching layer {@code index} unless it is started already or out of range. */
    void start(int index) {
        if (index < fetches.length && fetches[index] == null) {
            Fetch f = new Fetch(index, layers.get(index), dir.resolve(index + ".blob"));
            fetches[index] = f;
            f.thread = Thread.ofVirtual().name("kiln-fetch-layer-" + index).start(f::run);
        }
    }

    /**
     * Waits for layer {@code index} (starting it if needed) and returns its blob file.
     *
     * @throws Exception what the fetch threw (an {@link IOException}, an image exception on a digest
     *                   mismatch of a verifying layer, ...)
     */
    Path await(int index) throws Exception {
        start(index);
        try {
            return fetches[index].result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new IOException("fetch layer " + index + ": " + cause, cause);
        }
    }

    /** Deletes the blob file of layer {@code index}, once applied. */
    void release(int index) throws IOException {
        Files.deleteIfExists(fetches[index].file);
    }

    /** Stops the fetches still running, waits for them, and deletes every temporary file. */
    @Override
    public void close() throws IOException {
        boolean interrupted = false;
        for (Fetch f : fetches) {
            if (f != null) {
                f.cancel();
            }
        }
        for (Fetch f : fetches) {
            if (f == null) {
                continue;
            }
            while (true) {
                try {
                    f.thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish cleaning up first, then restore the flag
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        } finally {
            Files.deleteIfExists(dir);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One layer's copy into its file. */
    private final class Fetch {
        final int index;
        final Layer layer;
        final Path file;
        final CompletableFuture<Path> result = new CompletableFuture<>();
        volatile Thread thread;
        private volatile InputStream stream;
        private volatile boolean cancelled;

        Fetch(int index, Layer layer, Path file) {
            this.index = index;
            this.layer = layer;
            this.file = file;
        }

        void run() {
            try (InputStream in = layer.openCompressed()) {
                stream = in;
                if (cancelled) {
                    throw new IOException("cancelled");
                }
                long bytes = Files.copy(in, file);
                onFetched.fetched(index, layer, bytes);
                result.complete(file);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                stream = null;
            }
        }

        /** Closes the stream under a running copy, so a blocked network read ends, and interrupts the thread. */
        void cancel() {
            if (result.isDone()) {
                return;
            }
            cancelled = true;
            InputStream in = stream;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException | RuntimeException ignored) {
                    // the copy fails either way; its error is not reported once the extraction has failed
                }
            }
            thread.interrupt();
        }
    }
}
