package dev.kiln.executor;

/**
 * The build or the push failed. Carries the exit code kaniko would use: a RUN's own exit code when a RUN
 * failed, 1 otherwise.
 */
public final class BuildFailedException extends Exception {
    private final int exitCode;

    public BuildFailedException(String message) {
        this(message, 1, null);
    }

    public BuildFailedException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
