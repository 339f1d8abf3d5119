package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Follows redirects, such as a blob GET answered with a 307 to a pre-signed storage URL (S3, GCS, Azure), up
 * to {@link #MAX_REDIRECTS} hops.
 *
 * <p>Immutable and thread-safe. The {@code Authorization} (and {@code Cookie}) header goes only to the origin
 * (scheme, host and port) of the original request: a storage backend authenticates by the URL's signature,
 * and must never see the registry's credentials or tokens. A 303 becomes a body-less GET; other redirects keep
 * method and body (the body is re-sendable). A redirect without a usable {@code Location} is passed up as is.
 */
public final class RedirectInterceptor implements Interceptor {

    /** More hops than any registry uses; a loop fails instead of spinning. */
    public static final int MAX_REDIRECTS = 10;

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    @Override
    public Future<RegistryResponse> intercept(Chain chain) {
        RegistryRequest original = chain.request();
        return follow(chain, original, original, 0);
    }

    private Future<RegistryResponse> follow(Chain chain, RegistryRequest original, RegistryRequest request, int hops) {
        return chain.proceed(request).compose(response -> {
            String location = response.header("Location");
            if (!REDIRECTS.contains(response.status()) || location == null || location.isBlank()) {
                return Future.succeededFuture(response);
            }
            if (hops >= MAX_REDIRECTS) {
                return response.discard().compose(v -> Future.failedFuture(new IllegalStateException(
                        original.describe() + ": more than " + MAX_REDIRECTS + " redirects")));
            }
            URI next;
            try {
                next = request.uri().resolve(location.strip());
            } catch (IllegalArgumentException e) {
                return response.discard().compose(v -> Future.failedFuture(new IllegalStateException(
                        original.describe() + ": redirect to an invalid URL " + Redaction.url(location))));
            }
            RegistryRequest hop = request.withUri(next);
            if (response.status() == 303 && request.method() != HttpMethod.HEAD) {
                hop = hop.withMethod(HttpMethod.GET, RequestBody.empty()).withoutHeader("Content-Type");
            }
            hop = sameOrigin(original.uri(), next) ? restoreCredentials(original, hop) : withoutCredentials(hop);
            RegistryRequest nextRequest = hop;
            return response.discard().compose(v -> follow(chain, original, nextRequest, hops + 1));
        });
    }

    /** Whether two URLs share scheme, host and port (RFC 6454 origin). */
    static boolean sameOrigin(URI a, URI b) {
        return lower(a.getScheme()).equals(lower(b.getScheme())) && lower(a.getHost()).equals(lower(b.getHost()))
                && port(a) == port(b);
    }

    private static RegistryRequest withoutCredentials(RegistryRequest r) {
        return r.withoutHeader("Authorization").withoutHeader("Cookie").withScopes(java.util.List.of());
    }

    private static RegistryRequest restoreCredentials(RegistryRequest original, RegistryRequest hop) {
        RegistryRequest r = hop.withScopes(original.scopes());
        String auth = original.header("Authorization");
        return auth == null ? r : r.withHeader("Authorization", auth);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String lower(String s) {
        return Objects.requireNonNullElse(s, "").toLowerCase(Locale.ROOT);
    }
}
