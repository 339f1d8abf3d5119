package dev.kiln.engine.registry;

import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Optional;

/**
 * {@code POST /v2/<name>/blobs/uploads/} without a blob in mind: opens an upload session only to learn whether
 * the credentials may push, as go-containerregistry's {@code remote.CheckPushPermission} does (a token
 * handshake alone proves nothing on Docker Hub, which hands out tokens without the push right). The answer is
 * the session URL, to be cancelled with {@link UploadCancelEndpoint}; empty for the rare registry that answers
 * 201 or omits {@code Location}. Repeating the POST only leaves one more idle session, so it may be retried.
 *
 * @param repository the repository probed
 */
record UploadProbeEndpoint(RepositoryName repository) implements Endpoint<Optional<URI>> {

    @Override
    public HttpMethod method() {
        return HttpMethod.POST;
    }

    @Override
    public URI uri(URI base) {
        return Urls.api(base, repository, "blobs/uploads/");
    }

    @Override
    public String action() {
        return "start upload to " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 201 || status == 202;
    }

    @Override
    public Future<Optional<URI>> handle(RegistryResponse response) {
        return response.discard().map(v -> {
            String location = response.header("Location");
            if (response.status() != 202 || location == null || location.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(Urls.resolve(response.request().uri(), location));
        });
    }
}
