package dev.kiln.engine.dockerfile.shell;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which parts of which Dockerfile instruction the builder expands, and how: BuildKit's table, read from
 * the {@code Expand} methods in frontend/dockerfile/instructions/commands.go (and
 * {@code commands_runmount.go}) and from {@code dispatch}, {@code dispatchExpose},
 * {@code buildDispatchStates} and {@code toCommand} in dockerfile2llb/convert.go.
 *
 * <p>Immutable. The reference's list ("ADD, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME,
 * WORKDIR, ONBUILD") is incomplete: BuildKit also expands {@code ARG} default values, the
 * {@code --chown}/{@code --chmod}/{@code --checksum} flags and the values of {@code RUN --mount}. The shell
 * commands of {@code RUN}, {@code CMD}, {@code ENTRYPOINT}, {@code HEALTHCHECK} and {@code SHELL} are never
 * expanded by the builder: a shell sees them at run time.
 */
public enum InstructionExpansion {

    /** Sources, destination, {@code --chown}, {@code --chmod}, {@code --checksum}; unquoted heredoc bodies. */
    ADD(Mode.WORD, Set.of("chown", "chmod", "checksum"), true),
    /** Only default values, against the stage environment (the name is never expanded). */
    ARG(Mode.DEFAULT_VALUE, Set.of(), false),
    /** Nothing: the command runs in the container's shell. */
    CMD(Mode.NONE, Set.of(), false),
    /**
     * Sources, destination, {@code --chown}, {@code --chmod}; unquoted heredoc bodies. {@code --from} is
     * not expanded: BuildKit rejects a variable in it ("variable expansion is not supported for --from").
     */
    COPY(Mode.WORD, Set.of("chown", "chmod"), true),
    /** Nothing: the command runs in the container's shell. */
    ENTRYPOINT(Mode.NONE, Set.of(), false),
    /** Every key and every value, one at a time, each against the environment before the instruction. */
    ENV(Mode.WORD, Set.of(), false),
    /** Every argument, split into several ports by {@link ShellLex#processWords}. */
    EXPOSE(Mode.WORDS, Set.of(), false),
    /** The image and {@code --platform}, against the ARGs declared before the first FROM only. */
    FROM(Mode.GLOBAL_ARGS, Set.of("platform"), false),
    /** Nothing. */
    HEALTHCHECK(Mode.NONE, Set.of(), false),
    /** Every key and every value. */
    LABEL(Mode.WORD, Set.of(), false),
    /** Nothing. */
    MAINTAINER(Mode.NONE, Set.of(), false),
    /** Kept verbatim; the trigger is expanded by the rules of its own instruction when a child build runs it. */
    ONBUILD(Mode.DEFERRED, Set.of(), false),
    /**
     * The command is not expanded; each {@code key=value} of {@code --mount} is (except that
     * {@code from=} must not use a variable: BuildKit rejects it while parsing).
     */
    RUN(Mode.NONE, Set.of("mount"), false),
    /** Nothing. */
    SHELL(Mode.NONE, Set.of(), false),
    /** The signal. */
    STOPSIGNAL(Mode.WORD, Set.of(), false),
    /** The user (and group). */
    USER(Mode.WORD, Set.of(), false),
    /** Every path. */
    VOLUME(Mode.WORD, Set.of(), false),
    /** The path. */
    WORKDIR(Mode.WORD, Set.of(), false);

    /** How the arguments of an instruction are expanded. */
    public enum Mode {
        /** Never by the builder. */
        NONE,
        /** Each argument with {@link ShellLex#processWord} against the stage environment. */
        WORD,
        /** Each argument with {@link ShellLex#processWords}, possibly becoming several. */
        WORDS,
        /** Against the global ARGs (those before the first FROM) only. */
        GLOBAL_ARGS,
        /** Only the default values of {@code name=default}. */
        DEFAULT_VALUE,
        /** Later, as part of another build. */
        DEFERRED
    }

    private final Mode mode;
    private final Set<String> expandedFlags;
    private final boolean heredocBodies;

    InstructionExpansion(Mode mode, Set<String> expandedFlags, boolean heredocBodies) {
        this.mode = mode;
        this.expandedFlags = expandedFlags;
        this.heredocBodies = heredocBodies;
    }

    /** The rule for an instruction keyword, in any case ({@code copy}, {@code COPY}); empty if unknown. */
    public static Optional<InstructionExpansion> forKeyword(String keyword) {
        try {
            return Optional.of(valueOf(keyword.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How the arguments are expanded. */
    public Mode mode() {
        return mode;
    }

    /** Whether the builder expands the instruction's arguments now ({@link Mode#DEFERRED} and NONE do not). */
    public boolean expandsArguments() {
        return mode != Mode.NONE && mode != Mode.DEFERRED;
    }

    /** Whether the value of flag {@code name} (without dashes, e.g. {@code chown}) is expanded. */
    public boolean expandsFlag(String name) {
        return expandedFlags.contains(name);
    }

    /** The flags whose values are expanded, without dashes. */
    public Set<String> expandedFlags() {
        return expandedFlags;
    }

    /**
     * Whether heredoc bodies given as sources are expanded (when the delimiter is not quoted), with
     * {@link ShellLex#forHeredocBody()}.
     */
    public boolean expandsHeredocBodies() {
        return heredocBodies;
    }
}
