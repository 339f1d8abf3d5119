package dev.kiln.testkit.process;

import java.time.Duration;
import java.util.Optional;

/**
 * A command could not start, timed out, or exited non-zero.
 *
 * <p>Immutable. Unchecked, because a test can do nothing but fail with it; the message carries everything
 * needed to reproduce by hand: the command line (secrets redacted), the exit code, the elapsed time and
 * the last lines of stderr.
 */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Lines of stderr quoted in messages. */
    public static final int TAIL_LINES = 25;

    private final transient Optional<CommandResult> result;

    public CommandException(String message, Throwable cause) {
        super(message, cause);
        this.result = Optional.empty();
    }

    private CommandException(String message, CommandResult result) {
        super(message);
        this.result = Optional.of(result);
    }

    /** The finished command's result, when it ran to an exit code. */
    public Optional<CommandResult> result() {
        return result;
    }

    static CommandException failed(CommandResult r) {
        String tail = r.stderrTail(TAIL_LINES);
        return new CommandException("run `" + r.command().display() + "`: exit code " + r.exitCode()
                + " after " + seconds(r.elapsed()) + (tail.isEmpty() ? ", no output" : ", stderr:\n" + tail), r);
    }

    static CommandException timedOut(Command c, Duration elapsed, String partialStderr) {
        String tail = c.redactIn(CommandResult.tail(partialStderr, TAIL_LINES));
        return new CommandException("run `" + c.display() + "`: timed out after " + seconds(elapsed)
                + " (limit " + seconds(c.timeout()) + "), killed" + (tail.isEmpty() ? "" : "; stderr so far:\n" + tail),
                (Throwable) null);
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
