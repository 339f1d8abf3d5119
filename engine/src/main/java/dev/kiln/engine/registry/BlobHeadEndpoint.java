package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Optional;

/**
 * {@code HEAD /v2/<name>/blobs/<digest>}: the blob's size if the repository holds it, empty on 404; used to
 * skip uploads of blobs already there.
 *
 * @param repository the repository
 * @param digest     the blob
 */
record BlobHeadEndpoint(RepositoryName repository, Digest digest) implements Endpoint<Optional<Long>> {

    @Override
    public HttpMethod method() {
        return HttpMethod.HEAD;
    }

    @Override
    public URI uri(URI base) {
        return Urls.api(base, repository, "blobs/" + digest);
    }

    @Override
    public String action() {
        return "check blob " + digest + " in " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Future<Optional<Long>> handle(RegistryResponse response) {
        return response.discard().map(v -> response.status() == 404 ? Optional.<Long>empty()
                : Optional.of(Math.max(0, response.contentLength())));
    }
}
