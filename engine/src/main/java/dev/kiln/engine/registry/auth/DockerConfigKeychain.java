package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The credentials of a Docker {@code config.json}, as Docker and kaniko find them.
 *
 * <p>The file is the first that exists of {@code $DOCKER_CONFIG/config.json}, the executor's own config
 * directory (kaniko: {@code /kaniko/.docker/config.json}) and {@code ~/.docker/config.json}
 * ({@link #candidates}). For a registry it answers, in order: the {@code auths} entry's inline credential,
 * the {@code credHelpers} helper for the registry, the {@code credsStore} helper, else anonymous, so that a
 * chain ({@link Keychain#chain}) can go on to built-in cloud keychains.
 *
 * <p>Thread-safe: the file is read once, on a worker thread ({@code executeBlocking}), and the parsed result is
 * shared; a read failure is not kept, so the next call tries again.
 */
public final class DockerConfigKeychain implements Keychain {

    /** Where kaniko keeps its Docker config; pass it as the executor config directory to behave like kaniko. */
    public static final Path KANIKO_CONFIG_DIR = Path.of("/kaniko/.docker");

    private final Vertx vertx;
    private final List<Path> candidates;
    private final CredentialHelpers helpers;
    private final AtomicReference<Future<DockerConfig>> config = new AtomicReference<>();

    /**
     * @param candidates config files in order of precedence; the first that exists is used
     * @param helpers    runs the {@code credHelpers} and {@code credsStore} helpers
     */
    public DockerConfigKeychain(Vertx vertx, List<Path> candidates, CredentialHelpers helpers) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.candidates = List.copyOf(candidates);
        this.helpers = Objects.requireNonNull(helpers, "helpers");
    }

    /**
     * The keychain Docker and kaniko would use in {@code environment} ({@code DOCKER_CONFIG}, {@code HOME},
     * {@code PATH} for helpers).
     *
     * @param executorConfigDir the executor's own config directory, e.g. {@link #KANIKO_CONFIG_DIR}; may be null
     */
    public static DockerConfigKeychain fromEnvironment(Vertx vertx, Map<String, String> environment,
            Path executorConfigDir) {
        return new DockerConfigKeychain(vertx, candidates(environment, executorConfigDir),
                CredentialHelpers.fromEnvironment(vertx, environment));
    }

    /**
     * The config files to look at, in order: {@code $DOCKER_CONFIG/config.json} (or the file itself when
     * {@code DOCKER_CONFIG} names a {@code .json} file), {@code executorConfigDir/config.json},
     * {@code $HOME/.docker/config.json} ({@code user.home} without {@code HOME}).
     */
    public static List<Path> candidates(Map<String, String> environment, Path executorConfigDir) {
        List<Path> files = new ArrayList<>();
        String dockerConfig = environment.get("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            Path p = Path.of(dockerConfig);
            files.add(dockerConfig.endsWith(".json") ? p : p.resolve("config.json"));
        }
        if (executorConfigDir != null) {
            files.add(executorConfigDir.resolve("config.json"));
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        if (home != null && !home.isBlank()) {
            files.add(Path.of(home, ".docker", "config.json"));
        }
        return List.copyOf(files);
    }

    /** The files looked at, in order. */
    public List<Path> candidateFiles() {
        return candidates;
    }

    @Override
    public Future<Credential> resolve(String registryHost) {
        String host = RegistryHosts.normalize(registryHost);
        return config().compose(c -> {
            Credential inline = c.auths().get(host);
            if (inline != null) {
                return Future.succeededFuture(inline);
            }
            String helper = c.credHelpers().get(host);
            if (helper != null) {
                return helpers.get(helper, RegistryHosts.serverUrl(host));
            }
            if (c.credsStore().isPresent()) {
                return helpers.get(c.credsStore().get(), RegistryHosts.serverUrl(host));
            }
            return Future.succeededFuture(Credential.ANONYMOUS);
        });
    }

    /** The parsed config file, read once. */
    Future<DockerConfig> config() {
        Future<DockerConfig> current = config.get();
        if (current != null && !current.failed()) {
            return current;
        }
        Future<DockerConfig> loading = vertx.executeBlocking(this::load, false);
        config.compareAndSet(current, loading);
        return loading;
    }

    private DockerConfig load() {
        Optional<Path> file = candidates.stream().filter(Files::isRegularFile).findFirst();
        if (file.isEmpty()) {
            return DockerConfig.empty(candidates.isEmpty() ? Path.of("config.json") : candidates.getFirst());
        }
        try {
            return DockerConfig.parse(Files.readString(file.get(), StandardCharsets.UTF_8), file.get());
        } catch (IOException e) {
            throw new KeychainException("read docker config " + file.get() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DockerConfigKeychain" + candidates;
    }
}
