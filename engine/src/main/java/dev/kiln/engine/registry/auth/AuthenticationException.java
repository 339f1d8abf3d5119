package dev.kiln.engine.registry.auth;

/**
 * Authentication to a registry failed: no usable challenge, the token server refused or answered nonsense, or
 * the credentials could not be found. The message names the registry, the scope and the cause, never a
 * secret: texts from servers and helpers go through {@link Redactor} first.
 *
 * <p>Immutable, like every exception once thrown.
 */
public class AuthenticationException extends RuntimeException {

    private final String registry;

    /** @param registry the registry host the authentication was for */
    public AuthenticationException(String registry, String message) {
        super(message);
        this.registry = registry;
    }

    /** @param registry the registry host the authentication was for */
    public AuthenticationException(String registry, String message, Throwable cause) {
        super(message, cause);
        this.registry = registry;
    }

    /** The registry host this failure is about. */
    public String registry() {
        return registry;
    }
}
