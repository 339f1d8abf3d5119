package dev.kiln.engine.dockerfile.instruction;

import java.util.List;

/**
 * The command of {@code RUN}, {@code CMD} or {@code ENTRYPOINT}: either the exec form's words or, in shell
 * form, the one command string to hand to the stage's {@code SHELL}.
 *
 * <p>Immutable. This is BuildKit's {@code ShellDependantCmdLine}.
 *
 * @param words     the JSON array's strings, or a single string (the rest of the line) in shell form; empty
 *                  for an empty JSON array or a missing command
 * @param shellForm whether the words are to be prefixed by the shell ({@code PrependShell})
 * @param files     the here-documents of a {@code RUN}, in order
 */
public record CommandLine(List<String> words, boolean shellForm, List<InlineFile> files) {

    public CommandLine {
        words = List.copyOf(words);
        files = List.copyOf(files);
    }
}
