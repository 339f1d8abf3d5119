package dev.kiln.engine.registry;

import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.registry.transport.Failures;
import dev.kiln.engine.registry.transport.Redaction;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one blob into a file, verified: the body streams through a {@link DigestingSink} into a hidden
 * temp file next to the target, hashed and counted on the way; only when size and digest match is the file
 * moved (atomically) to the target. A mismatch, a body longer than the descriptor's size, or a final failure
 * deletes the temp file, so no partial blob is ever used or left behind.
 *
 * <p>An interrupted body (connection reset, stall past the idle timeout, a body that ends short) is resumed
 * with {@code Range: bytes=<received>-} when the server advertised {@code Accept-Ranges: bytes} or answered a
 * range before, else restarted from byte 0, up to the repository's retry count. A server that ignores the
 * range and answers 200 gets the file truncated and hashing restarted. The digest is always that of every
 * byte in the final file.
 *
 * <p>One instance per download; not thread-safe (its callbacks run in sequence).
 */
final class BlobDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(BlobDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final RemoteRepository repository;
    private final Vertx vertx;
    private final RegistryOptions options;
    private String action;
    private Descriptor blob;
    private String temp;
    private AsyncFile file;
    private boolean fileClosed;
    private DigestingSink sink;
    private boolean rangesSupported;
    private int retriesLeft;

    BlobDownloader(RemoteRepository repository, Vertx vertx, RegistryOptions options) {
        this.repository = repository;
        this.vertx = vertx;
        this.options = options;
        this.retriesLeft = options.retries(repository.access());
    }

    Future<Void> download(Descriptor descriptor, Path target) {
        this.blob = descriptor;
        this.action = "pull blob " + descriptor.digest() + " from " + repository.name();
        FileSystem fs = vertx.fileSystem();
        Path dir = target.toAbsolutePath().getParent();
        return fs.mkdirs(dir.toString())
                .compose(v -> fs.createTempFile(dir.toString(), "." + descriptor.digest().encoded() + ".", ".partial",
                        "rw-r--r--"))
                .compose(path -> {
                    temp = path;
                    return fs.open(path, new OpenOptions().setWrite(true).setRead(false).setCreate(false));
                })
                .compose(f -> {
                    file = f;
                    sink = new DigestingSink(f, descriptor.digest().algorithm(), descriptor.size());
                    return attempt(0);
                })
                .compose(v -> closeFile())
                .compose(v -> verify())
                .compose(v -> fs.move(temp, target.toString(), new CopyOptions().setAtomicMove(true)
                        .setReplaceExisting(true)))
                .recover(e -> cleanUp().compose(v -> Future.failedFuture(e)));
    }

    /** One GET from {@code offset}, then either done, resumed, or failed. */
    private Future<Void> attempt(long offset) {
        return repository.call(new BlobGetEndpoint(repository.name(), blob.digest(), offset))
                .compose(response -> prepare(response, offset).compose(v -> receive(response)));
    }

    /** Positions file and hash for the response: continue at {@code offset}, or start over on a 200. */
    private Future<Void> prepare(RegistryResponse response, long offset) {
        if ("bytes".equalsIgnoreCase(String.valueOf(response.header("Accept-Ranges")).strip())) {
            rangesSupported = true;
        }
        if (response.status() == 206) {
            rangesSupported = true;
            Matcher m = CONTENT_RANGE.matcher(String.valueOf(response.header("Content-Range")).strip());
            if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
                response.discard();
                return Future.failedFuture(new RegistryException(action, "asked for bytes from " + offset
                        + " but got Content-Range " + response.header("Content-Range")));
            }
            return Future.succeededFuture();
        }
        if (offset == 0 && sink.count() == 0) {
            return Future.succeededFuture();
        }
        // 200 to a range request (or a restart without ranges): the whole blob comes again.
        return file.flush().compose(v -> vertx.fileSystem().truncate(temp, 0)).map(v -> {
            file.setWritePos(0);
            sink.reset();
            return null;
        });
    }

    private Future<Void> receive(RegistryResponse response) {
        return response.pipeTo(sink).transform(ar -> {
            if (ar.succeeded() && sink.count() == blob.size()) {
                return file.flush();
            }
            if (sink.overflowed()) {
                response.abort();
                return Future.failedFuture(new InvalidImageException(action + ": size mismatch: expected "
                        + blob.size() + " bytes, got more"));
            }
            if (sink.writeFailure() != null) {
                response.abort();
                return Future.failedFuture(new RegistryException(action, "write " + temp + ": "
                        + Redaction.describe(sink.writeFailure()), sink.writeFailure()));
            }
            Throwable cause = ar.succeeded()
                    ? new java.io.EOFException("body ended after " + sink.count() + " of " + blob.size() + " bytes")
                    : ar.cause();
            if (ar.failed()) {
                response.abort();
            }
            if (retriesLeft <= 0 || !(ar.succeeded() || Failures.isTransient(cause))) {
                return Future.failedFuture(RegistryException.of(action, cause));
            }
            retriesLeft--;
            long from = rangesSupported ? sink.count() : 0;
            Duration delay = options.transport().retryPolicy().delay(options.retries(repository.access()) - retriesLeft,
                    ThreadLocalRandom.current()::nextDouble);
            LOG.info("{}: interrupted after {} of {} bytes ({}); {} from byte {} in {} ms", action, sink.count(),
                    blob.size(), Redaction.describe(cause), from > 0 ? "resuming" : "restarting", from, delay.toMillis());
            return file.flush()
                    .compose(v -> vertx.timer(Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS))
                    .compose(v -> attempt(from));
        });
    }

    private Future<Void> verify() {
        if (sink.count() != blob.size()) {
            return Future.failedFuture(new InvalidImageException(action + ": size mismatch: expected " + blob.size()
                    + " bytes, got " + sink.count()));
        }
        Digest actual = sink.digest();
        if (!actual.equals(blob.digest())) {
            return Future.failedFuture(new DigestMismatchException(action, blob.digest(), actual));
        }
        return Future.succeededFuture();
    }

    private Future<Void> closeFile() {
        if (file == null || fileClosed) {
            return Future.succeededFuture();
        }
        fileClosed = true;
        try {
            return file.close();
        } catch (IllegalStateException e) {
            return Future.succeededFuture(); // closed already
        }
    }

    private Future<Void> cleanUp() {
        return closeFile().recover(e -> Future.succeededFuture())
                .compose(v -> temp == null ? Future.succeededFuture()
                        : vertx.fileSystem().delete(temp).recover(e -> Future.succeededFuture()));
    }
}
