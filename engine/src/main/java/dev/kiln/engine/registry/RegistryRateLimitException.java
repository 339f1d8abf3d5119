package dev.kiln.engine.registry;

import java.util.List;

/**
 * The registry asks the client to slow down (429 or {@code TOOMANYREQUESTS}) and retries did not help.
 *
 * <p>Immutable.
 */
public class RegistryRateLimitException extends RegistryHttpException {

    private static final long serialVersionUID = 1L;

    public RegistryRateLimitException(String action, int status, String reason, List<RegistryError> errors) {
        super(action, status, reason, errors);
    }
}
