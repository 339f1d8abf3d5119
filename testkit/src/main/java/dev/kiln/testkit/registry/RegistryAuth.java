package dev.kiln.testkit.registry;

import dev.kiln.testkit.registry.token.TokenServer;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link RegistryServer} authenticates clients: the three modes of docker-registry's {@code auth}
 * section that matter to a registry client.
 *
 * <p>Immutable records (the token variant refers to a running, thread-safe {@link TokenServer}).
 */
public sealed interface RegistryAuth {

    /** The credentials a client must present, if any (for token mode: those of the token endpoint). */
    Optional<Credentials> credentials();

    /** No authentication: every request is allowed. */
    record Anonymous() implements RegistryAuth {
        @Override
        public Optional<Credentials> credentials() {
            return Optional.empty();
        }
    }

    /** {@code auth.htpasswd}: HTTP Basic against a bcrypt htpasswd file. */
    record Htpasswd(Credentials user) implements RegistryAuth {
        public Htpasswd {
            Objects.requireNonNull(user, "user");
        }

        @Override
        public Optional<Credentials> credentials() {
            return Optional.of(user);
        }
    }

    /**
     * {@code auth.token}: the registry answers 401 with a {@code Bearer} challenge naming {@code server}'s realm;
     * {@code endpointUser} is required by the token endpoint when present.
     */
    record Token(TokenServer server, Optional<Credentials> endpointUser) implements RegistryAuth {
        public Token {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(endpointUser, "endpointUser");
        }

        @Override
        public Optional<Credentials> credentials() {
            return endpointUser;
        }
    }
}
