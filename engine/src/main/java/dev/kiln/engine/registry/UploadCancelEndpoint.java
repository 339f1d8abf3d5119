package dev.kiln.engine.registry;

import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;

/**
 * {@code DELETE <session>}: cancels an upload session so the registry can free what it reserved
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#deleting-an-upload, "cancel an
 * upload" in distribution). A session already gone (404) counts as cancelled, so the call is idempotent.
 *
 * @param repository the repository, for messages
 * @param session    the session URL (its {@code _state} query is a secret, never printed)
 */
record UploadCancelEndpoint(RepositoryName repository, URI session) implements Endpoint<Void> {

    @Override
    public HttpMethod method() {
        return HttpMethod.DELETE;
    }

    @Override
    public URI uri(URI base) {
        return session;
    }

    @Override
    public String action() {
        return "cancel upload to " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 202 || status == 204 || status == 404;
    }

    @Override
    public Future<Void> handle(RegistryResponse response) {
        return response.discard();
    }
}
