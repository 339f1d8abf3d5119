package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;

/**
 * One checked, typed Dockerfile instruction.
 *
 * <p>Every implementation is an immutable record. The kinds are closed (a sealed interface) because the
 * Dockerfile language is: later passes switch over them exhaustively, so adding an instruction is a compile
 * error everywhere it must be handled. Words are kept unexpanded, quotes included, exactly as BuildKit's
 * {@code instructions} package keeps them; expanding them needs the stage's environment and is done later.
 */
public sealed interface Instruction
        permits Add, Arg, Cmd, Copy, Entrypoint, Env, Expose, From, Healthcheck, Label, Maintainer, Onbuild, Run,
        Shell, StopSignal, User, Volume, Workdir {

    /** The lines of the Dockerfile this instruction comes from, heredoc bodies included. */
    SourceRange location();

    /**
     * The instruction's text as BuildKit records it, e.g. for image history: continuation lines joined,
     * surrounding whitespace trimmed, heredoc bodies left out ({@code RUN apt-get update &&   apt-get ...}).
     */
    String original();

    /** The keyword as written, e.g. {@code RUN} or {@code run}: the first word of {@link #original()}. */
    default String keyword() {
        String text = original();
        int end = 0;
        while (end < text.length() && " \t\u000B\f\r".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(0, end);
    }
}
