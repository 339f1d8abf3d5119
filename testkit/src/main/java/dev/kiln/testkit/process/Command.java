package dev.kiln.testkit.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command line to run to completion: program and arguments, working directory, extra environment,
 * optional standard input, a timeout, and the secrets to hide when the command is shown in a message.
 *
 * <p>Immutable; the {@code with}-style methods return copies, so one base command can be shared between
 * threads and extended per call. It exists so every tool wrapper runs programs the same way: output
 * captured, a bounded wait, and failures that name the command line and the end of its stderr.
 * Standard input is {@code /dev/null} unless given, so no tool ever waits for a terminal.
 */
public record Command(
        List<String> argv,
        Optional<Path> directory,
        Map<String, String> environment,
        Optional<String> stdin,
        Duration timeout,
        List<String> secrets) {

    /** Used when no timeout is given: long enough for a build step, short enough to notice a hang. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("command: empty argument list");
        }
        Objects.requireNonNull(directory, "directory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("command " + argv.getFirst() + ": timeout must be positive, got " + timeout);
        }
        secrets = secrets.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** A command running {@code argv[0]} (found on PATH) with the other elements as arguments. */
    public static Command of(String... argv) {
        return of(Arrays.asList(argv));
    }

    /** A command from a list of program and arguments. */
    public static Command of(List<String> argv) {
        return new Command(argv, Optional.empty(), Map.of(), Optional.empty(), DEFAULT_TIMEOUT, List.of());
    }

    /**
     * A command running an installed {@link Tool} by its absolute path.
     *
     * @throws ToolMissingException if the tool is not installed
     */
    public static Command of(Tool tool, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(tool.require().toString());
        argv.addAll(Arrays.asList(args));
        return of(argv);
    }

    /** This command with {@code more} arguments appended. */
    public Command args(String... more) {
        return args(Arrays.asList(more));
    }

    /** This command with {@code more} arguments appended. */
    public Command args(List<String> more) {
        List<String> all = new ArrayList<>(argv);
        all.addAll(more);
        return new Command(all, directory, environment, stdin, timeout, secrets);
    }

    /** This command run in directory {@code dir}. */
    public Command in(Path dir) {
        return new Command(argv, Optional.of(dir), environment, stdin, timeout, secrets);
    }

    /** This command with the environment variable {@code name} set to {@code value}. */
    public Command env(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new Command(argv, directory, env, stdin, timeout, secrets);
    }

    /** This command reading {@code text} (UTF-8) from standard input. */
    public Command stdin(String text) {
        return new Command(argv, directory, environment, Optional.of(text), timeout, secrets);
    }

    /** This command with another timeout. */
    public Command timeout(Duration value) {
        return new Command(argv, directory, environment, stdin, value, secrets);
    }

    /** This command with {@code values} replaced by {@code ***} wherever the command or its output is shown. */
    public Command redact(String... values) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(Arrays.asList(values));
        return new Command(argv, directory, environment, stdin, timeout, all);
    }

    /**
     * Runs the command and waits for it; a non-zero exit code is returned, not thrown.
     *
     * @throws CommandException if it cannot start or does not finish within the timeout
     */
    public CommandResult run() {
        return CommandRunner.run(this);
    }

    /**
     * Runs the command and requires exit code 0.
     *
     * @throws CommandException naming the command line, exit code and stderr tail otherwise
     */
    public CommandResult check() {
        return run().orThrow();
    }

    /** The program's file name, e.g. {@code skopeo}, for short messages. */
    public String programName() {
        String first = argv.getFirst();
        return first.substring(first.lastIndexOf('/') + 1);
    }

    /** The command line as a shell would show it, program by its short name, secrets redacted. */
    public String display() {
        StringBuilder sb = new StringBuilder(programName());
        for (String arg : argv.subList(1, argv.size())) {
            String shown = redactIn(arg);
            sb.append(' ');
            sb.append(PLAIN_WORD.matcher(shown).matches() ? shown : "'" + shown.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** {@code text} with every secret of this command replaced by {@code ***}. */
    public String redactIn(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }

    @Override
    public String toString() {
        return display();
    }
}
