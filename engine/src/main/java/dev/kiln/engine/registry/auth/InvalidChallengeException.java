package dev.kiln.engine.registry.auth;

/**
 * A {@code WWW-Authenticate} header value that does not parse (RFC 7235). The message quotes the header and
 * names the offset. Immutable.
 */
public class InvalidChallengeException extends IllegalArgumentException {

    public InvalidChallengeException(String message) {
        super(message);
    }
}
