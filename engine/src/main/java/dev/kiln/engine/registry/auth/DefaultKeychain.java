package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keychain a build uses unless told otherwise, in kaniko's order: the Docker {@code config.json}
 * ({@link DockerConfigKeychain}: inline {@code auths} entry, then {@code credHelpers}, then {@code credsStore}),
 * then the built-in cloud keychains ({@link EcrKeychain}, {@link GoogleKeychain}), else anonymous. Azure
 * Container Registry has no built-in: configure {@code docker-credential-acr-env} (or another helper) in
 * {@code credHelpers}.
 *
 * <p>Thread-safe, as its parts are. It owns the ECR keychain's SDK clients: {@link #close()} it when the
 * build ends.
 */
public final class DefaultKeychain implements Keychain, AutoCloseable {

    private final EcrKeychain ecr;
    private final Keychain chain;

    public DefaultKeychain(DockerConfigKeychain dockerConfig, EcrKeychain ecr, GoogleKeychain google) {
        this.ecr = Objects.requireNonNull(ecr, "ecr");
        this.chain = Keychain.chain(List.of(Objects.requireNonNull(dockerConfig, "dockerConfig"), ecr,
                Objects.requireNonNull(google, "google")));
    }

    /**
     * The default keychain for {@code environment} ({@code DOCKER_CONFIG}, {@code HOME}, {@code PATH},
     * {@code GOOGLE_APPLICATION_CREDENTIALS}, {@code GCE_METADATA_HOST}; AWS reads its own variables).
     *
     * @param executorConfigDir the executor's config directory, e.g. {@link DockerConfigKeychain#KANIKO_CONFIG_DIR};
     *                          may be null
     */
    public static DefaultKeychain fromEnvironment(Vertx vertx, WebClient web, Map<String, String> environment,
            Path executorConfigDir) {
        return new DefaultKeychain(DockerConfigKeychain.fromEnvironment(vertx, environment, executorConfigDir),
                EcrKeychain.withDefaultCredentials(vertx), GoogleKeychain.fromEnvironment(vertx, web, environment));
    }

    @Override
    public Future<Credential> resolve(String registryHost) {
        return chain.resolve(registryHost);
    }

    /** Releases the ECR clients; idempotent. */
    @Override
    public void close() {
        ecr.close();
    }
}
