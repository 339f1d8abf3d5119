package dev.kiln.testkit.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password a client must present: to the registry (htpasswd mode) or to the token
 * endpoint (token mode with Basic auth).
 *
 * <p>Immutable. {@link #toString()} hides the password, so credentials can appear in assertion messages and
 * logs without leaking it.
 */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("credentials: user must be non-empty and contain no ':'");
        }
        if (password.isEmpty() || password.contains("\n")) {
            throw new IllegalArgumentException("credentials for " + user + ": password must be non-empty, one line");
        }
    }

    /** {@code base64(user:password)}, as in Basic auth and in a Docker {@code config.json} {@code auth} field. */
    public String base64() {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The value of an {@code Authorization: Basic ...} header. */
    public String basicHeader() {
        return "Basic " + base64();
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
