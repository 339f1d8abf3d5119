package dev.kiln.engine.build;

/**
 * The push-permission check before the build failed: a destination refused our upload. The message is
 * kaniko's ({@code error checking push permissions -- make sure you entered the correct tag name, and that
 * you are authenticated correctly, and try again: ...}), printed as it is, since kaniko prints it without
 * the {@code error building image} prefix of build failures.
 */
public final class PushAccessException extends BuildException {

    public PushAccessException(String cause, Throwable failure) {
        super("error checking push permissions -- make sure you entered the correct tag name, and that you are"
                + " authenticated correctly, and try again: " + cause, 1, failure);
    }
}
