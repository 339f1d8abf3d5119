package dev.kiln.engine.registry;

import dev.kiln.engine.registry.auth.Scope;

/**
 * Whether a repository is read from or written to. It selects the flags that apply ({@code --insecure-pull}
 * versus {@code --insecure}, {@code --image-download-retry} versus {@code --push-retry}) and the token scope.
 *
 * <p>Immutable (an enum).
 */
public enum Access {
    /** Reading manifests, tags and blobs. */
    PULL,
    /** Writing blobs and manifests (which also reads: existence checks, mounts). */
    PUSH;

    /** The token scope for {@code repository} (the path without registry). */
    public Scope scope(String repository) {
        return this == PULL ? Scope.pull(repository) : Scope.push(repository);
    }
}
