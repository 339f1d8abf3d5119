package dev.kiln.engine.registry.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 7235 section 2.1), e.g.
 * {@code Bearer realm="https://auth/token",service="registry"}.
 *
 * <p>Immutable. The scheme is kept as sent but compared without case ({@link #is(String)}); parameter names
 * are lower-cased on construction because RFC 7235 makes them case-insensitive, and the map keeps the order
 * they were sent in.
 *
 * @param scheme the auth scheme, e.g. {@code Bearer} or {@code Basic}
 * @param params the auth parameters by lower-case name; empty for a token68 or parameterless challenge
 */
public record Challenge(String scheme, Map<String, String> params) {

    /** Copies the parameters, lower-casing their names. */
    public Challenge {
        Objects.requireNonNull(scheme, "scheme");
        Map<String, String> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.putIfAbsent(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v, k)));
        params = Collections.unmodifiableMap(copy);
    }

    /** Whether the scheme is {@code name}, ignoring case. */
    public boolean is(String name) {
        return scheme.equalsIgnoreCase(name);
    }

    /** The parameter {@code name} (case-insensitive). */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }
}
