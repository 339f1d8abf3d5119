package dev.kiln.engine.run;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@code RUN} process ended.
 *
 * <p>Immutable. A process that ran and exited non-zero, was killed, or whose command was not found is a
 * result, not an exception: the build decides what to do with it ({@link #failureMessage()} words it as
 * BuildKit does). Exceptions ({@link RunException}) are for runs that could not be set up.
 *
 * @param argv      the command as given
 * @param isolation the isolation it ran under
 * @param status    how it ended
 * @param exitCode  the exit code; 128 + signal number when killed (137 for SIGKILL); 127 or 126 when the
 *                  command could not be executed, as Docker
 * @param error     for {@link Status#EXEC_FAILED}, the reason in Go's words, e.g.
 *                  {@code exec: "x": executable file not found in $PATH}
 * @param elapsed   wall-clock time from start to end
 */
public record RunResult(List<String> argv, IsolationKind isolation, Status status, int exitCode,
        Optional<String> error, Duration elapsed) {

    /** How the process ended. */
    public enum Status {
        /** It ran and exited (any exit code, or killed by a signal from inside). */
        EXITED,
        /** The command was not found or is not executable; nothing ran. */
        EXEC_FAILED,
        /** It ran past the spec's timeout and was killed with its process tree. */
        TIMED_OUT,
        /** It was cancelled and killed with its process tree. */
        CANCELLED
    }

    public RunResult {
        argv = List.copyOf(argv);
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** True if the process ran and exited 0. */
    public boolean succeeded() {
        return status == Status.EXITED && exitCode == 0;
    }

    /**
     * What went wrong, naming the command and exit code as BuildKit does:
     * {@code process "/bin/sh -c false" did not complete successfully: exit code: 1}. Empty on success.
     */
    public Optional<String> failureMessage() {
        if (succeeded()) {
            return Optional.empty();
        }
        String process = "process \"" + String.join(" ", argv) + "\"";
        return Optional.of(switch (status) {
            case EXITED -> process + " did not complete successfully: exit code: " + exitCode;
            case EXEC_FAILED -> process + " did not complete successfully: " + error.orElse("exec failed")
                    + " (exit code: " + exitCode + ")";
            case TIMED_OUT -> process + " exceeded its timeout and was killed after " + elapsedText()
                    + " (exit code: " + exitCode + ")";
            case CANCELLED -> process + " was cancelled (exit code: " + exitCode + ")";
        });
    }

    private String elapsedText() {
        return String.format(java.util.Locale.ROOT, "%.1fs", elapsed.toMillis() / 1000.0);
    }
}
