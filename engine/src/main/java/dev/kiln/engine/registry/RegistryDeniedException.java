package dev.kiln.engine.registry;

import java.util.List;

/**
 * The registry refused access: 401 or 403, {@code UNAUTHORIZED} or {@code DENIED}. Authentication was already tried when this is thrown, so the credentials lack the right or are wrong.
 *
 * <p>Immutable.
 */
public class RegistryDeniedException extends RegistryHttpException {

    private static final long serialVersionUID = 1L;

    public RegistryDeniedException(String action, int status, String reason, List<RegistryError> errors) {
        super(action, status, reason, errors);
    }
}
