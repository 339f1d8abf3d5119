package dev.kiln.engine.registry;

import dev.kiln.engine.registry.auth.Scope;
import dev.kiln.engine.registry.transport.RegistryResponse;
import dev.kiln.engine.registry.transport.RequestBody;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One call of the registry API, after Jib's {@code RegistryEndpointProvider}: method, URL, headers, body,
 * which statuses it handles and how, and a description for messages. {@link RemoteRepository} runs it
 * through the transport and turns every other status into a typed {@link RegistryHttpException} naming
 * {@link #action()}.
 *
 * <p>Implementations are immutable records.
 *
 * @param <T> what a handled response becomes
 */
interface Endpoint<T> {

    HttpMethod method();

    /** The URL, given the registry's base URL ({@code https://host:port}). */
    URI uri(URI base);

    /** Request headers ({@code Accept}, {@code Content-Type}, {@code Range}...). */
    default Map<String, String> headers() {
        return Map.of();
    }

    default RequestBody body() {
        return RequestBody.empty();
    }

    /** Whether repeating the request is harmless, so the transport may retry it. */
    default boolean idempotent() {
        return true;
    }

    /** Whether the request carries the repository's token scope (a ping is sent without credentials). */
    default boolean authenticated() {
        return true;
    }

    /** Scopes needed besides the repository's own (a mount also reads the source repository). */
    default List<Scope> extraScopes() {
        return List.of();
    }

    /** What the call does, for messages: {@code pull manifest latest from 127.0.0.1:5000/app}. */
    String action();

    /** Whether {@link #handle} takes a response with this status; others are errors. */
    boolean accepts(int status);

    /** Reads a handled response; must consume its body. */
    Future<T> handle(RegistryResponse response);
}
