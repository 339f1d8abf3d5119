package dev.kiln.testkit.tool;

import java.util.Objects;

/**
 * What a container run by {@link Runc} produced: its exit code and complete stdout and stderr.
 *
 * <p>Immutable.
 */
public record RunResult(int exitCode, String stdout, String stderr) {

    public RunResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** Whether the container's process exited with 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
