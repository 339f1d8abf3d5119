package dev.kiln.engine.registry;

import java.util.List;

/**
 * Something named does not exist in the registry: a manifest, tag, blob, repository or upload session (404, or {@code *_UNKNOWN} codes).
 *
 * <p>Immutable.
 */
public class RegistryNotFoundException extends RegistryHttpException {

    private static final long serialVersionUID = 1L;

    public RegistryNotFoundException(String action, int status, String reason, List<RegistryError> errors) {
        super(action, status, reason, errors);
    }
}
