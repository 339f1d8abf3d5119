package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * Sets {@code User-Agent} on every request, e.g. {@code kiln/0.1.0}, so registry operators can tell Kiln's
 * traffic apart (Docker Hub's rate limits and statistics are per client kind).
 *
 * <p>Immutable and thread-safe.
 */
public final class UserAgentInterceptor implements Interceptor {

    private final String userAgent;

    public UserAgentInterceptor(String userAgent) {
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("user agent must be non-blank printable text: \"" + userAgent + "\"");
        }
    }

    /** {@code kiln/<version>}, the version from the engine jar's manifest or {@code dev} when run from classes. */
    public static String defaultUserAgent() {
        String version = UserAgentInterceptor.class.getPackage().getImplementationVersion();
        return "kiln/" + (version == null || version.isBlank() ? "dev" : version);
    }

    @Override
    public Future<RegistryResponse> intercept(Chain chain) {
        return chain.proceed(chain.request().withHeader("User-Agent", userAgent));
    }
}
