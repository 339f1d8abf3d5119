package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * Finds the {@link Credential} for a registry host, e.g. from a Docker {@code config.json}
 * ({@link DockerConfigKeychain}), a credential helper, or a cloud provider's token service.
 *
 * <p>Implementations must be thread-safe and non-blocking: {@link #resolve} is called from event loops and
 * returns a future; anything slow (files, processes, HTTP) runs on a worker or asynchronously. A keychain
 * that knows nothing for a host answers {@link Credential#ANONYMOUS}, not a failure; a failure means a source
 * that applies to the host is broken (e.g. a configured credential helper crashed).
 */
@FunctionalInterface
public interface Keychain {

    /**
     * The credential for {@code registryHost} ({@code host} or {@code host:port}, as in an image reference).
     */
    Future<Credential> resolve(String registryHost);

    /** A keychain that knows nothing: every registry is accessed anonymously. */
    static Keychain anonymous() {
        return host -> Future.succeededFuture(Credential.ANONYMOUS);
    }

    /**
     * Fixed credentials by registry host. Keys are normalised like Docker's {@code config.json} keys
     * ({@link RegistryHosts#normalize}), so {@code https://index.docker.io/v1/} and {@code docker.io} are one
     * registry; hosts not in the map are anonymous.
     */
    static Keychain of(Map<String, Credential> credentials) {
        Map<String, Credential> byHost = new java.util.HashMap<>();
        credentials.forEach((k, v) -> byHost.put(RegistryHosts.normalize(k), java.util.Objects.requireNonNull(v, k)));
        Map<String, Credential> frozen = Map.copyOf(byHost);
        return host -> Future.succeededFuture(frozen.getOrDefault(RegistryHosts.normalize(host), Credential.ANONYMOUS));
    }

    /**
     * The first non-anonymous answer of {@code keychains}, asked in order; a failure stops the chain and is
     * the result, because a broken source that applies to the host must not silently turn into anonymous
     * access.
     */
    static Keychain chain(List<Keychain> keychains) {
        List<Keychain> copy = List.copyOf(keychains);
        return host -> {
            Future<Credential> result = Future.succeededFuture(Credential.ANONYMOUS);
            for (Keychain next : copy) {
                result = result.compose(found -> found.isAnonymous() ? next.resolve(host) : Future.succeededFuture(found));
            }
            return result;
        };
    }
}
