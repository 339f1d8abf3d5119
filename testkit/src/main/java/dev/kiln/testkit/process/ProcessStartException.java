package dev.kiln.testkit.process;

/**
 * A server process could not be started, died during startup, or did not become ready in time.
 *
 * <p>Immutable. Separate from {@link CommandException} so fixtures can retry the cases they understand
 * (a port taken between choosing and binding it); the message ends with the server's log tail.
 */
public final class ProcessStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
