package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.auth.Scope;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.List;

/**
 * {@code POST /v2/<name>/blobs/uploads/}, optionally {@code ?mount=<digest>&from=<other>}: starts an upload
 * session, or mounts a blob another repository of the same registry holds
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#mounting-a-blob-from-another-repository).
 * A registry that cannot mount (no access to {@code from}, blob absent, not supported) answers 202 with a
 * session instead of 201, and the upload goes on there. Repeating the POST only leaves an idle session behind,
 * so it may be retried.
 *
 * @param repository the repository uploaded to
 * @param digest     the blob
 * @param mountFrom  the repository to mount from, or null for a plain upload
 */
record UploadStartEndpoint(RepositoryName repository, Digest digest, RepositoryName mountFrom)
        implements Endpoint<UploadStartEndpoint.Started> {

    /** What the POST achieved. */
    sealed interface Started {
    }

    /** 201: the blob was mounted; nothing to upload. */
    record Mounted() implements Started {
    }

    /**
     * 202: upload to {@code location}.
     *
     * @param location    the session URL (its {@code _state} is a secret)
     * @param minChunk    the registry's {@code OCI-Chunk-Min-Length}, or 0
     */
    record Session(URI location, long minChunk) implements Started {
    }

    @Override
    public HttpMethod method() {
        return HttpMethod.POST;
    }

    @Override
    public URI uri(URI base) {
        URI start = Urls.api(base, repository, "blobs/uploads/");
        if (mountFrom == null) {
            return start;
        }
        return Urls.withQuery(Urls.withQuery(start, "mount", digest.toString()), "from", mountFrom.path());
    }

    @Override
    public List<Scope> extraScopes() {
        return mountFrom == null ? List.of() : List.of(Scope.pull(mountFrom.path()));
    }

    @Override
    public String action() {
        return mountFrom == null ? "start upload of blob " + digest + " to " + repository
                : "mount blob " + digest + " from " + mountFrom.path() + " into " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 201 || status == 202;
    }

    @Override
    public Future<Started> handle(RegistryResponse response) {
        return response.discard().map(v -> {
            if (response.status() == 201) {
                return new Mounted();
            }
            String location = response.header("Location");
            if (location == null || location.isBlank()) {
                throw new RegistryException(action(), "202 without a Location for the upload session");
            }
            long min = 0;
            String minHeader = response.header("OCI-Chunk-Min-Length");
            if (minHeader != null && minHeader.strip().matches("\\d{1,15}")) {
                min = Long.parseLong(minHeader.strip());
            }
            return new Session(Urls.resolve(response.request().uri(), location), min);
        });
    }
}
