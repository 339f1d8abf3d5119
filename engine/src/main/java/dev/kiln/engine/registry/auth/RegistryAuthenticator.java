package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorization for one registry host (work in progress: the API is final, the body follows).
 */
public final class RegistryAuthenticator {

    private final WebClient client;
    private final String registryHost;
    private final Keychain keychain;

    public RegistryAuthenticator(WebClient client, String registryHost, Keychain keychain) {
        this.client = Objects.requireNonNull(client, "client");
        this.registryHost = Objects.requireNonNull(registryHost, "registryHost");
        this.keychain = Objects.requireNonNull(keychain, "keychain");
    }

    /** The registry host this authenticator is for. */
    public String registryHost() {
        return registryHost;
    }

    public Future<Optional<String>> authorization(Scope scope) {
        return authorization(List.of(scope));
    }

    public Future<Optional<String>> authorization(List<Scope> scopes) {
        return Future.succeededFuture(Optional.empty());
    }

    public Future<String> challenged(List<Challenge> challenges, Scope scope) {
        return challenged(challenges, List.of(scope));
    }

    public Future<String> challenged(List<Challenge> challenges, List<Scope> scopes) {
        return Future.failedFuture(new AuthenticationException(registryHost, "not implemented yet"));
    }
}
