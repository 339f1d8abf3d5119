package dev.kiln.engine.registry;

import dev.kiln.engine.image.ImageException;
import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MalformedContentException;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.auth.Scope;
import dev.kiln.engine.registry.transport.RegistryRequest;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One repository of a registry, read ({@link Access#PULL}) or written ({@link Access#PUSH}): manifests, tags
 * and blobs. Every call runs one {@link Endpoint} through the registry's transport, with the repository's
 * token scope and the retry count of its access, and fails with a typed {@link RegistryException} whose
 * message names the action, the object and the repository.
 *
 * <p>Thread-safe and cheap (state lives in the {@link RegistryClient}); get one from
 * {@link RegistryClient#repository}.
 */
public final class RemoteRepository {

    /** The size above which {@link #uploadNewBlob} still asks whether the registry has the blob. */
    public static final long NEW_BLOB_PROBE_MIN = 64 * 1024;

    /** Error documents read for messages are cut here. */
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private final RegistryClient client;
    private final RepositoryName name;
    private final Access access;

    RemoteRepository(RegistryClient client, RepositoryName name, Access access) {
        this.client = Objects.requireNonNull(client, "client");
        this.name = Objects.requireNonNull(name, "name");
        this.access = Objects.requireNonNull(access, "access");
    }

    /** The client this handle belongs to. */
    public RegistryClient client() {
        return client;
    }

    public RepositoryName name() {
        return name;
    }

    public Access access() {
        return access;
    }

    /**
     * The manifest or index under {@code reference} (a tag or digest), verified, schema 1 refused. The blobs
     * of an image manifest are noted as held by this repository (a registry accepts a manifest only when it
     * holds its blobs), so a later push to another repository of the registry can mount them.
     */
    public Future<FetchedManifest> manifest(String reference) {
        return call(new ManifestGetEndpoint(name, reference)).onSuccess(m -> {
            if (!m.isIndex()) {
                try {
                    Manifest parsed = m.manifest();
                    client.locations().record(parsed.config().digest(), name);
                    parsed.layers().forEach(l -> client.locations().record(l.digest(), name));
                } catch (MalformedContentException e) {
                    // reported when the caller parses it
                }
            }
        });
    }

    /** The descriptor of the manifest under {@code reference}, or empty when there is none (HEAD). */
    public Future<Optional<Descriptor>> manifestDescriptor(String reference) {
        return call(new ManifestHeadEndpoint(name, reference));
    }

    /** Stores {@code raw} (of {@code mediaType}) under {@code reference}, a tag or its digest. */
    public Future<Descriptor> putManifest(String reference, byte[] raw, MediaType mediaType) {
        return call(new ManifestPutEndpoint(name, reference, raw.clone(), mediaType));
    }

    /** Every tag, following the registry's pages. */
    public Future<List<String>> tags() {
        return tags(0);
    }

    /** Every tag, asking for pages of {@code pageSize} ({@code ?n=}), following {@code Link} headers. */
    public Future<List<String>> tags(int pageSize) {
        return tagPages(null, pageSize, new ArrayList<>(), 0);
    }

    /** The size of blob {@code digest} if the repository holds it (HEAD). */
    public Future<Optional<Long>> blobSize(Digest digest) {
        return call(new BlobHeadEndpoint(name, digest)).onSuccess(size -> {
            if (size.isPresent()) {
                client.locations().record(digest, name);
            }
        });
    }

    /**
     * A small blob (a config) in memory, verified against {@code blob}'s digest and size.
     *
     * @throws ImageException (in the future) when the bytes do not match, or exceed {@code maxBytes}
     */
    public Future<byte[]> fetchBlob(Descriptor blob, long maxBytes) {
        String action = "pull blob " + blob.digest() + " from " + name;
        if (blob.size() > maxBytes) {
            return Future.failedFuture(new RegistryException(action, "size " + blob.size() + " exceeds the limit of "
                    + maxBytes + " bytes"));
        }
        return call(new BlobGetEndpoint(name, blob.digest(), 0))
                .compose(response -> response.body(blob.size()).recover(e -> Future.failedFuture(
                        RegistryException.of(action, e))))
                .map(body -> {
                    byte[] bytes = body.getBytes();
                    if (bytes.length != blob.size()) {
                        throw new InvalidImageException(action + ": size mismatch: expected " + blob.size()
                                + " bytes, got " + bytes.length);
                    }
                    Digest actual = Digest.of(blob.digest().algorithm(), bytes);
                    if (!actual.equals(blob.digest())) {
                        throw new DigestMismatchException(action, blob.digest(), actual);
                    }
                    client.locations().record(blob.digest(), name);
                    return bytes;
                });
    }

    /**
     * Streams blob {@code blob} into {@code target}, verifying size and digest while it arrives, resuming an
     * interrupted transfer with {@code Range} when the server allows; see {@link BlobDownloader}. The file
     * appears (atomically) only once verified; on failure no partial file is left.
     */
    public Future<Void> downloadBlob(Descriptor blob, Path target) {
        if (Vertx.currentContext() == null) {
            // Called from a virtual or worker thread: started there, the response and the file it is piped into
            // would live on different contexts, and a large body once stalled when the file's drain never
            // resumed the response. The download runs on one event-loop context instead.
            Promise<Void> promise = Promise.promise();
            client.vertx().getOrCreateContext().runOnContext(v -> downloadBlob(blob, target).onComplete(promise));
            return promise.future();
        }
        return new BlobDownloader(this, client.vertx(), client.options()).download(blob, target)
                .onSuccess(v -> client.locations().record(blob.digest(), name));
    }

    /**
     * Makes sure the repository holds {@code content}: nothing when it does, a mount when another repository
     * of the registry is known to hold it, else an upload (one PUT, or PATCH chunks for blobs larger than
     * {@link RegistryOptions#uploadChunkSize()}). Concurrent calls for the same blob and repository share one
     * upload. See {@link BlobUploader}.
     */
    public Future<UploadOutcome> uploadBlob(BlobContent content) {
        return uploadBlob(content, null);
    }

    /**
     * As {@link #uploadBlob(BlobContent)}, trying a mount from {@code mountFrom} first; a {@code mountFrom} that
     * is null, on another registry or this repository itself counts as none.
     */
    public Future<UploadOutcome> uploadBlob(BlobContent content, RepositoryName mountFrom) {
        return upload(content, mountFrom, true);
    }

    /**
     * As {@link #uploadBlob(BlobContent)} for a blob this process just made (a layer a build step wrote),
     * which the registry is unlikely to hold: one of at most {@link #NEW_BLOB_PROBE_MIN} bytes is sent without
     * asking first ({@code HEAD}), since asking costs about as much as sending it again. The outcome is then
     * {@link UploadOutcome#UPLOADED} even if the registry had it. Larger ones, or ones the registry is known to
     * hold elsewhere (a mount), go as {@link #uploadBlob(BlobContent)}.
     */
    public Future<UploadOutcome> uploadNewBlob(BlobContent content) {
        return upload(content, null, content.size() > NEW_BLOB_PROBE_MIN);
    }

    private Future<UploadOutcome> upload(BlobContent content, RepositoryName mountFrom, boolean probe) {
        RegistryClient.UploadKey key = new RegistryClient.UploadKey(name, content.digest());
        Promise<UploadOutcome> promise = Promise.promise();
        Future<UploadOutcome> mine = promise.future();
        Future<UploadOutcome> winner = client.uploads().compute(key, (k, v) -> v != null && !v.failed() ? v : mine);
        if (winner != mine) {
            return winner;
        }
        RepositoryName source = mountable(mountFrom) ? mountFrom
                : client.locations().mountSource(content.digest(), name).filter(this::mountable).orElse(null);
        // a blob known elsewhere on this registry is probed (and mounted) whatever the caller said
        new BlobUploader(this, client.vertx(), client.options()).upload(content, source, probe || source != null)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        client.locations().record(content.digest(), name);
                    } else {
                        client.uploads().remove(key, mine);
                    }
                    promise.handle(ar);
                });
        return mine;
    }

    /** Whether this repository can mount a blob from {@code source}: another repository of its registry. */
    private boolean mountable(RepositoryName source) {
        return source != null && source.registry().equals(name.registry()) && !source.equals(name);
    }

    @Override
    public String toString() {
        return name + " (" + access.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    /** Runs {@code endpoint}: the request, the transport, and a typed error for every unhandled status. */
    <T> Future<T> call(Endpoint<T> endpoint) {
        return client.connection(name, access).compose(connection -> {
            List<Scope> scopes = new ArrayList<>();
            if (endpoint.authenticated()) {
                scopes.add(access.scope(name.path()));
                scopes.addAll(endpoint.extraScopes());
            }
            URI uri = endpoint.uri(connection.base());
            RegistryRequest request = new RegistryRequest(endpoint.method(), uri, endpoint.headers(), endpoint.body(),
                    scopes, endpoint.idempotent(), client.options().retries(access), endpoint.action());
            return connection.transport().execute(request);
        }).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(wrap(endpoint.action(), ar.cause()));
            }
            RegistryResponse response = ar.result();
            if (endpoint.accepts(response.status())) {
                return endpoint.handle(response).recover(e -> Future.failedFuture(wrap(endpoint.action(), e)));
            }
            return response.body(MAX_ERROR_BODY).transform(body -> Future.failedFuture(RegistryHttpException.of(
                    endpoint.action(), response.status(), response.statusMessage(),
                    body.succeeded() ? RegistryError.parse(body.result()) : List.of())));
        });
    }

    /** Failures that already name their action (ours, image verification) pass; others get the action. */
    private static Throwable wrap(String action, Throwable e) {
        return e instanceof RegistryException || e instanceof ImageException ? e : RegistryException.of(action, e);
    }

    private Future<List<String>> tagPages(URI page, int pageSize, List<String> acc, int pages) {
        if (pages > 10_000) {
            return Future.failedFuture(new RegistryException("list tags of " + name, "more than 10000 pages"));
        }
        return call(new TagsListEndpoint(name, page, pageSize)).compose(p -> {
            acc.addAll(p.tags());
            return p.next().isPresent() ? tagPages(p.next().get(), pageSize, acc, pages + 1)
                    : Future.succeededFuture(List.copyOf(acc));
        });
    }

}
