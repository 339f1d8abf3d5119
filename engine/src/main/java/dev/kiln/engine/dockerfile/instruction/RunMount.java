package dev.kiln.engine.dockerfile.instruction;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * A {@code RUN --mount=type=...,key=value,...} option, typed per mount type.
 *
 * <p>Every implementation is an immutable record. Absent string options are empty strings, as in BuildKit's
 * {@code instructions.Mount}; absent numbers are empty {@link OptionalLong}s. The options and checks are
 * BuildKit's ({@code instructions/commands_runmount.go}, https://docs.docker.com/reference/dockerfile/#run---mount).
 *
 * <p>BuildKit expands variables in every option value before it checks them, with the stage's environment.
 * So a mount whose text contains a variable, quote or escape ({@code target=$HOME/.cache},
 * {@code uid=${UID}}) cannot be typed while parsing: it is kept as {@link Unresolved} and typed later with
 * {@link #parse(String, UnaryOperator)} and the real expander. All other mounts are typed and checked while
 * the Dockerfile is parsed.
 */
public sealed interface RunMount
        permits RunMount.Bind, RunMount.Cache, RunMount.Tmpfs, RunMount.Secret, RunMount.Ssh, RunMount.Unresolved {

    /** How concurrent builds share a cache mount. */
    enum Sharing {
        /** Used by all builds at once (the default). */
        SHARED,
        /** Each concurrent build gets its own copy. */
        PRIVATE,
        /** Builds wait for each other. */
        LOCKED
    }

    /**
     * {@code type=bind} (the default): a read-only (unless {@code rw}) view of the context, a stage or an image.
     *
     * @param target   where it is mounted
     * @param source   the path inside {@code from}, empty for its root
     * @param from     the stage, image or context, empty for the build context
     * @param readOnly false only with {@code rw}/{@code readwrite}
     */
    record Bind(String target, String source, String from, boolean readOnly) implements RunMount {
    }

    /**
     * {@code type=cache}: a persistent directory shared between builds.
     *
     * @param target   where it is mounted
     * @param id       the cache's identity, empty for the target path
     * @param source   the sub-path of {@code from} to seed it with
     * @param from     the stage or image to seed it from, empty for an empty directory
     * @param sharing  the {@code sharing} mode
     * @param readOnly true only with {@code ro}/{@code readonly}
     * @param mode     the directory's mode, if given
     * @param uid      the directory's owner, if given
     * @param gid      the directory's group, if given
     */
    record Cache(String target, String id, String source, String from, Sharing sharing, boolean readOnly,
            OptionalLong mode, OptionalLong uid, OptionalLong gid) implements RunMount {
    }

    /**
     * {@code type=tmpfs}: an in-memory file system.
     *
     * @param target    where it is mounted
     * @param source    the {@code source} option (BuildKit passes it on although tmpfs ignores it)
     * @param from      the {@code from} option (likewise)
     * @param readOnly  true only with {@code ro}/{@code readonly}
     * @param sizeLimit the {@code size} in bytes, 0 for no limit
     */
    record Tmpfs(String target, String source, String from, boolean readOnly, long sizeLimit) implements RunMount {
    }

    /**
     * {@code type=secret}: a build secret as a file, or as an environment variable with {@code env}.
     *
     * @param id       the secret's id, empty to use {@code source} or the target's base name
     * @param source   the legacy spelling of the id
     * @param target   the file path, empty for {@code /run/secrets/<id>}
     * @param env      the environment variable to put it in, if given
     * @param required whether the build fails without it
     * @param mode     the file's mode, if given (0400 otherwise)
     * @param uid      the file's owner, if given
     * @param gid      the file's group, if given
     */
    record Secret(String id, String source, String target, Optional<String> env, boolean required,
            OptionalLong mode, OptionalLong uid, OptionalLong gid) implements RunMount {
    }

    /**
     * {@code type=ssh}: an SSH agent socket.
     *
     * @param id       the agent's id, empty for {@code default}
     * @param source   the {@code source} option, which BuildKit rejects when it dispatches the mount
     * @param target   the socket path, empty for the default
     * @param required whether the build fails without it
     * @param mode     the socket's mode, if given (0600 otherwise)
     * @param uid      the socket's owner, if given
     * @param gid      the socket's group, if given
     */
    record Ssh(String id, String source, String target, boolean required, OptionalLong mode, OptionalLong uid,
            OptionalLong gid) implements RunMount {
    }

    /**
     * A mount whose text needs variable expansion before it can be typed.
     *
     * @param spec the {@code --mount} value as written (after flag unquoting)
     */
    record Unresolved(String spec) implements RunMount {
        public Unresolved {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * Types and checks a {@code --mount} value, expanding each option value with {@code expander} first, as
     * BuildKit does when it dispatches the {@code RUN}.
     *
     * @param spec     the flag's value, e.g. {@code type=cache,target=/root/.cache,sharing=locked}
     * @param expander the word expansion of the stage; its exceptions propagate
     * @throws IllegalArgumentException with BuildKit's message when the mount is invalid
     */
    static RunMount parse(String spec, UnaryOperator<String> expander) {
        try {
            return RunMountParser.parse(spec, expander);
        } catch (InvalidInstruction e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
