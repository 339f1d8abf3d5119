package dev.kiln.engine.registry;

import dev.kiln.engine.registry.transport.RetryPolicy;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The registry answered with an error status: the status, the reason phrase and the errors of its JSON
 * document, e.g. {@code pull manifest 1.0 from 127.0.0.1:5000/app: 404 Not Found: MANIFEST_UNKNOWN:
 * manifest unknown}.
 *
 * <p>Immutable. {@link #of} picks the subclass callers usually act on: {@link RegistryNotFoundException},
 * {@link RegistryDeniedException} or {@link RegistryRateLimitException}.
 */
public class RegistryHttpException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;
    private final List<RegistryError> errors;

    protected RegistryHttpException(String action, int status, String reason, List<RegistryError> errors) {
        super(action, describe(status, reason, errors), RetryPolicy.TRANSIENT_STATUSES.contains(status));
        this.status = status;
        this.reason = reason == null ? "" : reason;
        this.errors = List.copyOf(errors);
    }

    /** The exception for an error answer: by code first (registries agree on codes), then by status. */
    public static RegistryHttpException of(String action, int status, String reason, List<RegistryError> errors) {
        boolean notFound = errors.stream().anyMatch(e -> e.kind().isNotFound());
        boolean denied = errors.stream().anyMatch(e -> e.kind().isDenied());
        boolean limited = errors.stream().anyMatch(e -> e.kind() == RegistryErrorCode.TOOMANYREQUESTS);
        if (limited || (errors.isEmpty() && status == 429)) {
            return new RegistryRateLimitException(action, status, reason, errors);
        }
        if (denied || (!notFound && (status == 401 || status == 403))) {
            return new RegistryDeniedException(action, status, reason, errors);
        }
        if (notFound || status == 404) {
            return new RegistryNotFoundException(action, status, reason, errors);
        }
        return new RegistryHttpException(action, status, reason, errors);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The reason phrase, possibly empty. */
    public String reason() {
        return reason;
    }

    /** The errors of the response's error document, possibly none. */
    public List<RegistryError> errors() {
        return errors;
    }

    /** Whether the registry sent error {@code code}. */
    public boolean has(RegistryErrorCode code) {
        return errors.stream().anyMatch(e -> e.kind() == code);
    }

    private static String describe(int status, String reason, List<RegistryError> errors) {
        String line = reason == null || reason.isEmpty() ? Integer.toString(status) : status + " " + reason;
        if (errors.isEmpty()) {
            return line;
        }
        return line + ": " + errors.stream().map(RegistryError::toString).collect(Collectors.joining("; "));
    }
}
