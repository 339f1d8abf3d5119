package dev.kiln.testkit.process;

import java.time.Duration;
import java.util.Objects;

/**
 * What a finished {@link Command} produced: exit code and the complete stdout and stderr (UTF-8).
 *
 * <p>Immutable. Kept whole so that tests can assert on output; {@link #stderrTail(int)} gives the part that
 * goes into failure messages.
 */
public record CommandResult(Command command, int exitCode, String stdout, String stderr, Duration elapsed) {

    public CommandResult {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether the exit code is 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * This result if the exit code is 0.
     *
     * @throws CommandException naming the command line, the exit code and the tail of stderr otherwise
     */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw CommandException.failed(this);
        }
        return this;
    }

    /** The last {@code maxLines} lines of stderr (or of stdout when stderr is empty), secrets redacted. */
    public String stderrTail(int maxLines) {
        String text = stderr.isBlank() ? stdout : stderr;
        return command.redactIn(tail(text, maxLines));
    }

    static String tail(String text, int maxLines) {
        String trimmed = text.stripTrailing();
        int end = trimmed.length();
        int pos = end;
        for (int lines = 0; lines < maxLines && pos > 0; lines++) {
            pos = trimmed.lastIndexOf('\n', pos - 1);
            if (pos < 0) {
                pos = 0;
                break;
            }
        }
        String out = pos == 0 ? trimmed : trimmed.substring(pos + 1);
        return out.length() > 4000 ? "..." + out.substring(out.length() - 4000) : out;
    }
}
