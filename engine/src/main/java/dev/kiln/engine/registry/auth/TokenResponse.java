package dev.kiln.engine.registry.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A token server's answer (https://distribution.github.io/distribution/spec/auth/token/#token-response-fields):
 * the bearer token and when it stops being valid.
 *
 * <p>Immutable; {@code toString()} hides the token. Package-private: only the authenticator reads these.
 *
 * @param token     the bearer token ({@code token}, or the OAuth2 {@code access_token})
 * @param issuedAt  when the lifetime starts
 * @param lifetime  how long the token is valid from {@code issuedAt}
 */
record TokenResponse(String token, Instant issuedAt, Duration lifetime) {

    /** The lifetime when the server names none (the spec's default). */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    /** The most a token is refreshed early, so a request never leaves with a token about to expire. */
    static final Duration MAX_EARLY_REFRESH = Duration.ofSeconds(10);

    /**
     * Parses a token response body received at {@code now}.
     *
     * <p>{@code issued_at} is trusted only when it does not put the end of the lifetime outside
     * {@code [now, now + lifetime]}: a skewed clock on either side must neither make every token look expired
     * (one token request per registry request) nor keep one beyond its lifetime.
     *
     * @throws IllegalArgumentException naming the problem (never the body, which holds the token)
     */
    static TokenResponse parse(String body, Instant now) {
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the answer is not a JSON object");
        }
        String token = text(json, "token");
        if (token == null || token.isEmpty()) {
            token = text(json, "access_token");
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the answer has neither \"token\" nor \"access_token\"");
        }
        Duration lifetime = DEFAULT_LIFETIME;
        Object expiresIn = json.getValue("expires_in");
        long seconds = switch (expiresIn) {
            case Number n -> n.longValue();
            case String s when s.strip().matches("\\d{1,12}") -> Long.parseLong(s.strip());
            case null, default -> 0;
        };
        if (seconds > 0) {
            lifetime = Duration.ofSeconds(seconds);
        }
        Instant issued = now;
        String issuedAt = text(json, "issued_at");
        if (issuedAt != null) {
            try {
                Instant claimed = OffsetDateTime.parse(issuedAt).toInstant();
                if (!claimed.isAfter(now) && !claimed.plus(lifetime).isBefore(now)) {
                    issued = claimed;
                }
            } catch (DateTimeParseException e) {
                // An unreadable issued_at only loses precision: the lifetime then starts on receipt.
            }
        }
        return new TokenResponse(token, issued, lifetime);
    }

    /**
     * When to stop using the token: a fifth of its lifetime early, at most {@link #MAX_EARLY_REFRESH}, so a
     * request sent just before that still arrives while the token is valid.
     */
    Instant refreshAt() {
        Duration early = lifetime.dividedBy(5);
        if (early.compareTo(MAX_EARLY_REFRESH) > 0) {
            early = MAX_EARLY_REFRESH;
        }
        return issuedAt.plus(lifetime).minus(early);
    }

    private static String text(JsonObject json, String field) {
        return json.getValue(field) instanceof String s ? s : null;
    }

    @Override
    public String toString() {
        return "TokenResponse[token=" + Redactor.MASK + ", issuedAt=" + issuedAt + ", lifetime=" + lifetime + "]";
    }
}
