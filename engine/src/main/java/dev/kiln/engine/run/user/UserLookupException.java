package dev.kiln.engine.run.user;

/**
 * The {@code USER} of a {@code RUN} cannot be resolved in the image: an unknown name, a malformed spec, an
 * id out of range, or an unreadable {@code /etc/passwd} or {@code /etc/group}.
 *
 * <p>Immutable. Unchecked, like the other build errors, because it ends the step. The message is Docker's
 * where Docker has one ({@code unable to find user app: no matching entries in passwd file}) and otherwise
 * names the action, the file and the cause.
 */
public final class UserLookupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserLookupException(String message) {
        super(message);
    }

    public UserLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
