package dev.kiln.engine.registry.auth;

import java.util.Objects;

/**
 * What a {@link Keychain} knows for one registry: nothing, a user name and password, an OAuth2 refresh token
 * or a ready bearer token. These are the four kinds a Docker {@code config.json} {@code auths} entry can hold
 * (https://docs.docker.com/reference/cli/docker/login/).
 *
 * <p>All kinds are immutable records. Their {@code toString()} never shows a secret, so a credential can be
 * logged or put into a message by mistake without leaking; equality still compares the secrets.
 */
public sealed interface Credential {

    /** The shared anonymous credential. */
    Anonymous ANONYMOUS = new Anonymous();

    /** Whether this is {@link Anonymous}. */
    default boolean isAnonymous() {
        return this instanceof Anonymous;
    }

    /** No credential: requests go without {@code Authorization}, tokens are requested anonymously. */
    record Anonymous() implements Credential {
        @Override
        public String toString() {
            return "Anonymous";
        }
    }

    /**
     * A user name and password: sent as {@code Authorization: Basic} to a registry with a Basic challenge and
     * to a token server (GET token request).
     */
    record Basic(String username, String password) implements Credential {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=" + Redactor.MASK + "]";
        }
    }

    /**
     * An OAuth2 refresh token (docker {@code identitytoken}, or a credential helper answering with user name
     * {@code <token>}): exchanged at the token server for access tokens with a POST refresh-token grant.
     */
    record IdentityToken(String token) implements Credential {
        public IdentityToken {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "IdentityToken[" + Redactor.MASK + "]";
        }
    }

    /** A ready bearer token (docker {@code registrytoken}): sent to the registry as is, for every scope. */
    record RegistryToken(String token) implements Credential {
        public RegistryToken {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "RegistryToken[" + Redactor.MASK + "]";
        }
    }
}
