package dev.kiln.engine.registry;

import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;

/**
 * {@code GET /v2/}: whether a registry speaks the distribution API. 200 and 401 (it wants credentials) both
 * say yes; what the 401 asks for is learnt later by the authenticator from the request that needs it.
 *
 * @param registry the registry, {@code host[:port]}
 */
record PingEndpoint(String registry) implements Endpoint<Integer> {

    @Override
    public HttpMethod method() {
        return HttpMethod.GET;
    }

    @Override
    public URI uri(URI base) {
        return URI.create(base + "/v2/");
    }

    @Override
    public boolean authenticated() {
        return false;
    }

    @Override
    public String action() {
        return "ping registry " + registry;
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 401;
    }

    @Override
    public Future<Integer> handle(RegistryResponse response) {
        return response.discard().map(v -> response.status());
    }
}
