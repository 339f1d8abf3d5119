package dev.kiln.engine.registry;

import dev.kiln.engine.registry.transport.Failures;
import dev.kiln.engine.registry.transport.Redaction;
import java.util.Objects;

/**
 * Base of the registry error family: an operation on a registry failed. The message names the action, the
 * object and the repository, then the cause, e.g. {@code push blob sha256:ab12... to 127.0.0.1:5000/app:
 * 413 Payload Too Large}, and never holds a credential, token or upload state.
 *
 * <p>Immutable. Unchecked, like the {@code image} family, because it travels in Vert.x futures where checked
 * exceptions buy nothing. Subclasses: {@link RegistryHttpException} (the registry answered with an error)
 * and {@link UnsupportedManifestException}; network and authentication failures are this class with the
 * (redacted) cause attached.
 */
public class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;
    private final boolean isTransient;

    /** {@code action} names action, object and repository; {@code reason} says what went wrong. */
    public RegistryException(String action, String reason) {
        this(action, reason, false);
    }

    /**
     * As above, keeping {@code cause} with its messages redacted ({@link Redaction#sanitize}); transient when
     * the cause is a network failure ({@link Failures#isTransient}).
     */
    public RegistryException(String action, String reason, Throwable cause) {
        super(action + ": " + reason, Redaction.sanitize(cause));
        this.action = Objects.requireNonNull(action, "action");
        this.isTransient = Failures.isTransient(cause);
    }

    /** For subclasses that know whether repeating may help. */
    protected RegistryException(String action, String reason, boolean isTransient) {
        super(action + ": " + reason);
        this.action = Objects.requireNonNull(action, "action");
        this.isTransient = isTransient;
    }

    /** A failure of {@code action} caused by {@code cause}, described (redacted) after the action. */
    public static RegistryException of(String action, Throwable cause) {
        if (cause instanceof RegistryException r) {
            return r;
        }
        return new RegistryException(action, Redaction.describe(cause), cause);
    }

    /**
     * Whether the failure may pass when the operation is repeated: a network failure, a timeout, a 408, 429 or
     * 5xx answer. Decided from the original cause, which {@link #getCause()} may only mirror after redaction.
     */
    public boolean isTransient() {
        return isTransient;
    }

    /** What was being done, e.g. {@code pull manifest latest from 127.0.0.1:5000/app}. */
    public String action() {
        return action;
    }
}
