package dev.kiln.engine.build;

/**
 * A build failed: the message names the action and the object (e.g. {@code build stage "app", step 3/7
 * "RUN make": process "/bin/sh -c make" did not complete successfully: exit code: 2}) and never holds a
 * secret. {@link #exitCode()} is the exit code the executor should return: a failed RUN's own code, as
 * kaniko does, else 1.
 */
public class BuildException extends RuntimeException {

    private final int exitCode;

    public BuildException(String message) {
        this(message, 1, null);
    }

    public BuildException(String action, Throwable cause) {
        this(action + ": " + describe(cause), 1, cause);
    }

    public BuildException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The exit code for the executor. */
    public int exitCode() {
        return exitCode;
    }

    /** A cause's message, or its type when it has none. */
    static String describe(Throwable cause) {
        Throwable t = unwrap(cause);
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** {@code e} without the {@code CompletionException}s and {@code ExecutionException}s around its cause. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
