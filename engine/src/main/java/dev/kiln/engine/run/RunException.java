package dev.kiln.engine.run;

/**
 * A {@code RUN} could not be set up or supervised: the user is unknown in the image, a mount cannot be
 * provided, a host tool is missing, the isolation setup failed.
 *
 * <p>Immutable. Unchecked: it fails the step's {@link io.vertx.core.Future}. The message names the action,
 * the object and the cause, e.g. {@code run "/bin/sh -c id": unable to find user app: no matching entries
 * in passwd file}; it never contains secret content or environment values.
 */
public final class RunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of problem it was. */
    public enum Reason {
        /** The {@code USER} cannot be resolved in the image. */
        USER,
        /** A mount cannot be provided (missing source, wrong type, unsupported by the isolation). */
        MOUNT,
        /** The working directory cannot be created or is not a directory. */
        WORKING_DIR,
        /** The requested isolation cannot give what the spec asks (e.g. {@code --network=none} without namespaces). */
        UNSUPPORTED,
        /** A host tool is missing or the isolation setup inside the namespaces failed. */
        SETUP,
        /** Starting, reading or waiting for the process failed. */
        PROCESS
    }

    private final Reason reason;

    public RunException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RunException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** What kind of problem it was. */
    public Reason reason() {
        return reason;
    }
}
