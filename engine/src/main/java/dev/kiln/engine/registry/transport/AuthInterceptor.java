package dev.kiln.engine.registry.transport;

import dev.kiln.engine.registry.auth.Challenge;
import dev.kiln.engine.registry.auth.RegistryAuthenticator;
import dev.kiln.engine.registry.auth.WwwAuthenticate;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * Authenticates requests to one registry with a {@link RegistryAuthenticator}: before sending, it adds the
 * {@code Authorization} the authenticator already knows for the request's scopes; after a 401 with a
 * {@code WWW-Authenticate} challenge, it asks the authenticator to answer the challenge and sends the request
 * once more with the new header, as Docker and Jib do. A second 401 is passed up for the caller to report.
 *
 * <p>Thread-safe and non-blocking (the authenticator is). Requests without scopes (a ping, a redirected
 * download from storage) pass untouched; an {@code Authorization} set by the caller is kept.
 */
public final class AuthInterceptor implements Interceptor {

    private static final String AUTHORIZATION = "Authorization";

    private final RegistryAuthenticator authenticator;

    public AuthInterceptor(RegistryAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public Future<RegistryResponse> intercept(Chain chain) {
        RegistryRequest request = chain.request();
        if (request.scopes().isEmpty() || request.header(AUTHORIZATION) != null) {
            return chain.proceed(request);
        }
        return authenticator.authorization(request.scopes())
                .compose(known -> chain.proceed(known.map(h -> request.withHeader(AUTHORIZATION, h)).orElse(request)))
                .compose(response -> {
                    if (response.status() != 401) {
                        return Future.succeededFuture(response);
                    }
                    List<Challenge> challenges;
                    try {
                        challenges = WwwAuthenticate.parse(response.headers("WWW-Authenticate"));
                    } catch (IllegalArgumentException e) {
                        return response.discard().compose(v -> Future.failedFuture(e));
                    }
                    if (challenges.isEmpty()) {
                        return Future.succeededFuture(response);
                    }
                    return response.discard()
                            .compose(v -> authenticator.challenged(challenges, request.scopes()))
                            .compose(header -> chain.proceed(request.withHeader(AUTHORIZATION, header)));
                });
    }
}
