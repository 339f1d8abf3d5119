package dev.kiln.engine.reference;

import java.util.Objects;

/**
 * A repository on a registry, {@code registry/path}, without tag or digest: what registry API URLs
 * ({@code /v2/<path>/...}), token scopes ({@code repository:<path>:pull}) and cross-repository blob mounts
 * ({@code ?from=<path>}) are about.
 *
 * <p>Immutable and always normalised like Docker does: {@code index.docker.io} is stored as
 * {@code docker.io}, and a single-component Docker Hub path gets the {@code library/} namespace, so that
 * two spellings of the same repository are {@link #equals equal}.
 *
 * @param registry host with optional port, e.g. {@code docker.io}, {@code localhost:5000},
 *                 {@code [::1]:5000}
 * @param path     the repository path on that registry, e.g. {@code library/busybox}
 */
public record RepositoryName(String registry, String path) {

    /**
     * Normalises and validates.
     *
     * @throws InvalidReferenceException if the registry or path breaks Docker's grammar
     */
    public RepositoryName {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(path, "path");
        registry = ReferenceGrammar.normaliseRegistry(registry);
        path = ReferenceGrammar.normalisePath(registry, path);
        String error = ReferenceGrammar.registryError(registry);
        if (error == null) {
            error = ReferenceGrammar.pathError(path);
        }
        if (error != null) {
            throw new InvalidReferenceException(registry + "/" + path, error);
        }
    }

    /** The host to send registry API requests to: Docker Hub's API host for {@code docker.io}. */
    public String apiHost() {
        return ReferenceGrammar.apiHost(registry);
    }

    /** Whether this repository is on Docker Hub ({@code docker.io} or {@code registry-1.docker.io}). */
    public boolean isDockerHub() {
        return ReferenceGrammar.isDockerHub(registry);
    }

    /** Docker's short form: {@code busybox}, {@code user/app}, {@code localhost:5000/app}. */
    public String familiar() {
        return ReferenceGrammar.familiarName(registry, path);
    }

    /** The full form {@code registry/path}, e.g. {@code docker.io/library/busybox}. */
    @Override
    public String toString() {
        return registry + "/" + path;
    }
}
