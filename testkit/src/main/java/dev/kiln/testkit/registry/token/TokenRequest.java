package dev.kiln.testkit.registry.token;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the {@link TokenServer} answered, recorded so tests can assert which scopes a client asked for.
 *
 * <p>Immutable. Holds no secret: the user name from Basic auth is kept, the password never.
 *
 * @param service the {@code service} query parameter (empty if absent)
 * @param scopes  each {@code scope} query parameter, split on spaces, in order
 * @param account the {@code account} query parameter, if sent
 * @param user    the user name of a Basic {@code Authorization} header, if sent
 * @param status  the HTTP status answered: 200 for a token, 401 for rejected credentials
 */
public record TokenRequest(String service, List<String> scopes, Optional<String> account, Optional<String> user,
        int status) {

    public TokenRequest {
        Objects.requireNonNull(service, "service");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(user, "user");
    }

    /** Whether a token was issued. */
    public boolean granted() {
        return status == 200;
    }
}
