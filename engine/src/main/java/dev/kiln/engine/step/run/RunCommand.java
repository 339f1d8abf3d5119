package dev.kiln.engine.step.run;

import dev.kiln.engine.dockerfile.instruction.CommandLine;
import dev.kiln.engine.dockerfile.instruction.InlineFile;
import dev.kiln.engine.dockerfile.parser.Heredoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argv of a {@code RUN}, as BuildKit's {@code dispatchRun} builds it (frontend
 * {@code dockerfile2llb/convert.go}).
 *
 * <ul>
 *   <li>Exec form: the words as written.</li>
 *   <li>Shell form: the image's {@code SHELL} (default {@code /bin/sh -c}) plus the command string.</li>
 *   <li>Heredocs: if the command line is nothing but one heredoc ({@code RUN <<EOF}, {@code RUN <<-'X'}) and
 *       its body starts with {@code #!}, the body (tabs chomped for {@code <<-}) becomes an executable file
 *       {@code /dev/pipes/<name>} (mode 0755, on a read-only mount that exists only during the run) and the
 *       shell runs that path; a single heredoc without shebang is passed to the shell as the command string;
 *       any other heredoc command line is reconstituted ({@code line + "\n" + body + name} for each heredoc)
 *       and left to the shell. Variables are never expanded by Kiln here: that is the shell's business.</li>
 * </ul>
 *
 * <p>Immutable.
 *
 * @param argv   the command line
 * @param script the heredoc file to provide at {@link #SCRIPT_DIR}, if any
 */
record RunCommand(List<String> argv, Optional<Script> script) {

    /** Where BuildKit mounts a heredoc script (a read-only mount of a directory holding the file). */
    static final String SCRIPT_DIR = "/dev/pipes";

    /** The shell of an image without {@code SHELL}. */
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    /**
     * A heredoc to run as a file.
     *
     * @param name    the file name (the delimiter word)
     * @param content the body
     */
    record Script(String name, String content) {
        /** Only the name: the body is a Dockerfile's content, not a secret, but long. */
        @Override
        public String toString() {
            return "Script[" + name + ", " + content.length() + " chars]";
        }
    }

    RunCommand {
        argv = List.copyOf(argv);
    }

    /**
     * The command of {@code line}.
     *
     * @param shell the image's {@code SHELL}, empty for the default
     * @throws IllegalArgumentException with the reason when the command cannot be run
     */
    static RunCommand of(CommandLine line, List<String> shell) {
        List<String> sh = shell.isEmpty() ? DEFAULT_SHELL : shell;
        List<String> words = line.words();
        if (!line.shellForm()) {
            if (!line.files().isEmpty()) {
                throw new IllegalArgumentException("parsing produced an invalid run command: " + words);
            }
            if (words.isEmpty() || words.getFirst().isEmpty()) {
                throw new IllegalArgumentException("the exec form has no command");
            }
            return new RunCommand(words, Optional.empty());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        if (line.files().isEmpty()) {
            return new RunCommand(withShell(sh, String.join(" ", words)), Optional.empty());
        }
        if (words.size() != 1) {
            throw new IllegalArgumentException("parsing produced an invalid run command: " + words);
        }
        String command = words.getFirst();
        InlineFile first = line.files().getFirst();
        if (Heredoc.fromWord(command).isPresent()) {
            String data = first.effectiveData();
            if (first.data().startsWith("#!")) {
                String name = first.name();
                if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                    throw new IllegalArgumentException("heredoc name \"" + name + "\" cannot be a file name in "
                            + SCRIPT_DIR);
                }
                return new RunCommand(withShell(sh, SCRIPT_DIR + "/" + name), Optional.of(new Script(name, data)));
            }
            return new RunCommand(withShell(sh, data), Optional.empty());
        }
        StringBuilder full = new StringBuilder(command);
        for (InlineFile f : line.files()) {
            full.append('\n').append(f.data()).append(f.name());
        }
        return new RunCommand(withShell(sh, full.toString()), Optional.empty());
    }

    private static List<String> withShell(List<String> shell, String command) {
        List<String> out = new ArrayList<>(shell);
        out.add(command);
        return out;
    }
}
