package dev.kiln.engine.registry;

import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RequestBody;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one blob into one repository (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#push):
 * <ol>
 * <li>{@code HEAD} the blob: if the repository has it, done (skipped for a small blob this process just made,
 *     see {@link RemoteRepository#uploadNewBlob});</li>
 * <li>{@code POST} an upload, with {@code ?mount=&from=} when a source repository on the same registry is
 *     known: 201 means mounted, done; 202 opens a session (also when the mount was refused);</li>
 * <li>blobs up to the chunk size ({@link RegistryOptions#uploadChunkSize()}, raised to the registry's
 *     {@code OCI-Chunk-Min-Length}) go in one {@code PUT ?digest=} with the body (monolithic); larger ones in
 *     {@code PATCH} chunks of that size, each to the {@code Location} of the previous answer, then a
 *     body-less {@code PUT ?digest=}.</li>
 * </ol>
 * A request with a body (a chunk, a monolithic PUT) that fails for a transient reason, a session the registry lost ({@code BLOB_UPLOAD_UNKNOWN},
 * {@code BLOB_UPLOAD_INVALID}, {@code RANGE_INVALID}, 416) or a chunk the registry acknowledged short restarts
 * the upload from step 1, up to the push retry count, since a half-applied {@code PATCH} or {@code PUT} body cannot be repeated
 * safely. Other requests are idempotent and already retried by the transport.
 *
 * <p>One instance per upload; its callbacks run in sequence.
 */
final class BlobUploader {

    private static final Logger LOG = LoggerFactory.getLogger(BlobUploader.class);

    private final RemoteRepository repository;
    private final Vertx vertx;
    private final RegistryOptions options;

    BlobUploader(RemoteRepository repository, Vertx vertx, RegistryOptions options) {
        this.repository = repository;
        this.vertx = vertx;
        this.options = options;
    }

    Future<UploadOutcome> upload(BlobContent content, RepositoryName mountFrom, boolean probe) {
        return attempt(content, mountFrom, probe, 1);
    }

    private Future<UploadOutcome> attempt(BlobContent content, RepositoryName mountFrom, boolean probe, int attempt) {
        RepositoryName name = repository.name();
        Future<Optional<Long>> held = probe ? repository.blobSize(content.digest())
                : Future.succeededFuture(Optional.empty());
        return held.compose(existing -> {
            if (existing.isPresent()) {
                return Future.succeededFuture(UploadOutcome.EXISTED);
            }
            return repository.call(new UploadStartEndpoint(name, content.digest(), mountFrom)).compose(started ->
                    switch (started) {
                        case UploadStartEndpoint.Mounted m -> Future.succeededFuture(UploadOutcome.MOUNTED);
                        case UploadStartEndpoint.Session s -> send(content, s).map(UploadOutcome.UPLOADED);
                    });
        }).recover(e -> {
            Throwable cause = e instanceof RestartUpload r ? r.getCause() : e;
            if (!restartable(e) || attempt > options.pushRetries()) {
                return Future.failedFuture(cause);
            }
            Duration delay = options.transport().retryPolicy().delay(attempt, ThreadLocalRandom.current()::nextDouble);
            LOG.info("{}; restarting the upload ({}/{}) in {} ms", cause.getMessage(), attempt, options.pushRetries(),
                    delay.toMillis());
            return vertx.timer(Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS)
                    .compose(v -> attempt(content, mountFrom, probe, attempt + 1));
        });
    }

    private Future<Void> send(BlobContent content, UploadStartEndpoint.Session session) {
        long chunk = Math.max(options.uploadChunkSize(), session.minChunk());
        RepositoryName name = repository.name();
        if (content.size() <= chunk) {
            return repository.call(new UploadFinishEndpoint(name, content.digest(), session.location(),
                    content.body(vertx, 0, content.size()))).recover(e -> Future.failedFuture(bodyFailed(e)));
        }
        return chunks(content, session.location(), 0, chunk).compose(last -> repository.call(
                new UploadFinishEndpoint(name, content.digest(), last, RequestBody.empty())));
    }

    /** PATCHes the chunks from {@code offset} on; the URL for the closing PUT. */
    private Future<URI> chunks(BlobContent content, URI location, long offset, long chunk) {
        if (offset >= content.size()) {
            return Future.succeededFuture(location);
        }
        long length = Math.min(chunk, content.size() - offset);
        return repository.call(new UploadChunkEndpoint(repository.name(), content.digest(), location, offset,
                        content.body(vertx, offset, length)))
                .recover(e -> Future.failedFuture(bodyFailed(e)))
                .compose(next -> chunks(content, next, offset + length, chunk));
    }

    /**
     * A failed request with a body (a chunk, a monolithic PUT) restarts the upload when repeating may help;
     * otherwise it is final.
     */
    private static Throwable bodyFailed(Throwable e) {
        boolean retry = e instanceof UploadChunkEndpoint.ShortChunkException
                || (e instanceof RegistryException r && r.isTransient());
        return retry ? new RestartUpload(e) : e;
    }

    private static boolean restartable(Throwable e) {
        if (e instanceof RestartUpload) {
            return true;
        }
        return e instanceof RegistryHttpException h && (h.has(RegistryErrorCode.BLOB_UPLOAD_UNKNOWN)
                || h.has(RegistryErrorCode.BLOB_UPLOAD_INVALID) || h.has(RegistryErrorCode.RANGE_INVALID)
                || h.status() == 416);
    }

    /** Marks a chunk failure after which the whole upload may start again. */
    private static final class RestartUpload extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RestartUpload(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
