package dev.kiln.engine.registry.auth;

/**
 * A credential source that applies to a registry is broken: a Docker {@code config.json} that does not parse,
 * a credential helper that is missing, fails or answers nonsense, a cloud token service that refuses. The
 * message names the action, the file or helper, the registry and the cause, never a secret. Immutable.
 */
public class KeychainException extends RuntimeException {

    public KeychainException(String message) {
        super(message);
    }

    public KeychainException(String message, Throwable cause) {
        super(message, cause);
    }
}
