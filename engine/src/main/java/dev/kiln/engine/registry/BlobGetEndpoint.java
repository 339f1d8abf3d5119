package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Map;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, from byte {@code offset} on with a {@code Range} header when
 * resuming. The response is handed over unread (the caller streams it); redirects to storage are followed by
 * the transport.
 *
 * @param repository the repository
 * @param digest     the blob
 * @param offset     the first byte wanted; 0 for the whole blob
 */
record BlobGetEndpoint(RepositoryName repository, Digest digest, long offset) implements Endpoint<RegistryResponse> {

    @Override
    public HttpMethod method() {
        return HttpMethod.GET;
    }

    @Override
    public URI uri(URI base) {
        return Urls.api(base, repository, "blobs/" + digest);
    }

    @Override
    public Map<String, String> headers() {
        return offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
    }

    @Override
    public String action() {
        return "pull blob " + digest + " from " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 206;
    }

    @Override
    public Future<RegistryResponse> handle(RegistryResponse response) {
        return Future.succeededFuture(response);
    }
}
