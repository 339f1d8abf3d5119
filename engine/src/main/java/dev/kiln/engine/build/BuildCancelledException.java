package dev.kiln.engine.build;

/**
 * A stage stopped because the build was cancelled (another stage failed, or {@link Build#cancel()}); not a
 * failure of its own, so the build reports the failure that caused the cancellation instead.
 */
public final class BuildCancelledException extends BuildException {

    public BuildCancelledException(String message) {
        super(message);
    }
}
