package dev.kiln.engine.image.remote;

import dev.kiln.engine.image.BlobSource;
import dev.kiln.engine.image.ImageNotFoundException;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.FetchedManifest;
import dev.kiln.engine.registry.RegistryException;
import dev.kiln.engine.registry.RegistryNotFoundException;
import dev.kiln.engine.registry.RemoteRepository;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A {@link BlobSource} backed by one registry repository, so that {@code Partial.image(...)} and
 * {@code Partial.index(...)} give images and indexes read from the registry.
 *
 * <p>Manifests and configs ({@link #remember remembered} when fetched asynchronously) are served from memory;
 * other manifests (an index's children) are fetched from the manifest endpoint into memory. Other blobs are downloaded asynchronously (verified, see {@link RemoteRepository#downloadBlob}) into
 * {@code cacheDir/blobs/<alg>/<hex>} and the file is opened; a file already there is reused (it was verified
 * before it was moved into place, and {@code Partial}'s layers verify again while streaming). Concurrent
 * requests for one blob share one download.
 *
 * <p>Thread-safe. {@link #open} blocks until the download is done, so it must run on a worker or virtual
 * thread: called on a Vert.x event loop it throws {@link IllegalStateException} instead of freezing it.
 * {@link #download} is the non-blocking way to fill the cache.
 */
public final class RemoteBlobSource implements BlobSource {

    private final RemoteRepository repository;
    private final Path cacheDir;
    private final Map<Digest, byte[]> documents = new ConcurrentHashMap<>();
    private final Map<Digest, Future<Path>> downloads = new ConcurrentHashMap<>();
    /** Where downloads asked for by blocking callers run. */

    /**
     * @param repository where blobs come from (its {@link RemoteRepository#access()} should be pull)
     * @param cacheDir   where downloaded blobs are kept; owned by the caller
     */
    public RemoteBlobSource(RemoteRepository repository, Path cacheDir) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The repository read from. */
    public RemoteRepository repository() {
        return repository;
    }

    /** Keeps {@code bytes} (a manifest, index or config fetched already) to serve {@code digest} from memory. */
    public void remember(Digest digest, byte[] bytes) {
        documents.put(digest, bytes.clone());
    }

    /** Where blob {@code digest} is cached. */
    public Path cachePath(Digest digest) {
        return cacheDir.resolve("blobs").resolve(digest.algorithm().id()).resolve(digest.encoded());
    }

    /**
     * Downloads {@code blob} into the cache unless it is there; the cached file. Non-blocking; concurrent
     * calls for one digest share the download, a failed one is forgotten so a later call tries again.
     */
    public Future<Path> download(Descriptor blob) {
        Path target = cachePath(blob.digest());
        Future<Path> existing = downloads.get(blob.digest());
        if (existing != null && !existing.failed()) {
            return existing;
        }
        Vertx vertx = repository.client().vertx();
        Future<Path> started = downloads.compute(blob.digest(), (d, v) -> v != null && !v.failed() ? v
                : vertx.fileSystem().exists(target.toString()).compose(present -> present
                        ? Future.succeededFuture(target)
                        : repository.downloadBlob(blob, target).map(target)));
        started.onFailure(e -> downloads.remove(blob.digest(), started));
        return started;
    }

    /**
     * Opens what {@code descriptor} names: a remembered document, or the cached blob file after downloading
     * it. Blocking.
     *
     * @throws IllegalStateException  on a Vert.x event loop thread
     * @throws ImageNotFoundException when the registry does not have it
     * @throws IOException            when the download fails (the message names blob, repository and cause)
     */
    @Override
    public InputStream open(Descriptor descriptor) throws IOException {
        byte[] doc = documents.get(descriptor.digest());
        if (doc != null) {
            return new ByteArrayInputStream(doc);
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("open blob " + descriptor.digest() + " from " + describe()
                    + ": blocking call on a Vert.x event loop; use download() or a worker thread");
        }
        if (descriptor.mediaType().isManifest() || descriptor.mediaType().isIndex()) {
            // Manifests live under /manifests/, not /blobs/ (an index's children are read this way).
            byte[] raw = await(repository.manifest(descriptor.digest().toString()).map(FetchedManifest::raw), descriptor);
            remember(descriptor.digest(), raw);
            return new ByteArrayInputStream(raw);
        }
        Path file = await(download(descriptor), descriptor);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            // Removed from the cache behind our back: fetch it again once.
            downloads.remove(descriptor.digest());
            return Files.newInputStream(await(download(descriptor), descriptor));
        }
    }

    @Override
    public String describe() {
        return "registry repository " + repository.name();
    }

    /** The repository read from: the layers of images read here can be mounted from it. */
    @Override
    public Optional<RepositoryName> mountableFrom() {
        return Optional.of(repository.name());
    }

    private <T> T await(Future<T> future, Descriptor descriptor) throws IOException {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("pull blob " + descriptor.digest() + " from " + repository.name()
                    + ": interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RegistryNotFoundException nf) {
                ImageNotFoundException missing = new ImageNotFoundException(nf.getMessage());
                missing.initCause(nf);
                throw missing;
            }
            if (cause instanceof RuntimeException r && !(cause instanceof RegistryException)) {
                throw r; // image exceptions (digest mismatch) pass unchanged
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }
}
