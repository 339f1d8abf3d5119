package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Requests bearer tokens from the realm of a {@code Bearer} challenge: a GET with repeated {@code scope}
 * parameters, anonymous or with Basic credentials
 * (https://distribution.github.io/distribution/spec/auth/token/), or, for an identity token, the OAuth2
 * refresh-token grant as a POST form (https://distribution.github.io/distribution/spec/auth/oauth/), falling
 * back to GET when the server answers 404 or 405 to the POST, as Docker and containerd do.
 *
 * <p>Stateless apart from its collaborators, hence thread-safe; package-private, used by
 * {@link RegistryAuthenticator}.
 */
final class TokenClient {

    /** The OAuth2 {@code client_id} Kiln identifies itself with. */
    static final String CLIENT_ID = "kiln";

    /** How long a token request may take in all. */
    static final long TIMEOUT_MILLIS = 60_000;

    private final WebClient client;
    private final String registryHost;
    private final Clock clock;

    TokenClient(WebClient client, String registryHost, Clock clock) {
        this.client = client;
        this.registryHost = registryHost;
        this.clock = clock;
    }

    /**
     * A token for {@code scopes} from {@code challenge}'s realm.
     *
     * @param scopes     the scopes to ask for, in their {@code repository:NAME:ACTIONS} form
     * @param scopeText  how the request is named in errors
     * @return the token, or a failed future with an {@link AuthenticationException}
     */
    Future<TokenResponse> fetch(Challenge challenge, List<String> scopes, Credential credential, String scopeText) {
        List<String> secrets = Redactor.secretsOf(credential);
        String action = "authenticate to " + registryHost + " for " + scopeText;
        Optional<String> realm = challenge.param("realm");
        if (realm.isEmpty() || realm.get().isBlank()) {
            return Future.failedFuture(new AuthenticationException(registryHost,
                    action + ": the Bearer challenge names no realm"));
        }
        URI realmUri;
        try {
            realmUri = URI.create(realm.get().strip());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new AuthenticationException(registryHost,
                    action + ": the Bearer realm \"" + Redactor.quote(realm.get(), secrets) + "\" is not a URL"));
        }
        if (!"https".equalsIgnoreCase(realmUri.getScheme()) && !"http".equalsIgnoreCase(realmUri.getScheme())) {
            return Future.failedFuture(new AuthenticationException(registryHost,
                    action + ": the Bearer realm \"" + Redactor.quote(realm.get(), secrets) + "\" is not an http(s) URL"));
        }
        Optional<String> service = challenge.param("service");
        String who = switch (credential) {
            case Credential.Basic b -> " as user " + b.username();
            case Credential.IdentityToken t -> " with an identity token";
            default -> " anonymously";
        };
        Future<HttpResponse<Buffer>> response;
        if (credential instanceof Credential.IdentityToken(String refreshToken)) {
            response = post(realmUri, service, scopes, refreshToken).compose(r -> r.statusCode() == 404 || r.statusCode() == 405
                    // An old token server without OAuth2: ask by GET with the refresh token as Basic password
                    // and an empty user, as containerd does.
                    ? get(realmUri, service, scopes, Optional.of(Redactor.basicToken("", refreshToken)))
                    : Future.succeededFuture(r));
        } else {
            Optional<String> basic = credential instanceof Credential.Basic(String user, String password)
                    ? Optional.of(Redactor.basicToken(user, password)) : Optional.empty();
            response = get(realmUri, service, scopes, basic);
        }
        return response.transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(new AuthenticationException(registryHost, action + who + ": request to "
                        + realmUri + " failed: " + Redactor.quote(String.valueOf(ar.cause().getMessage()), secrets), ar.cause()));
            }
            HttpResponse<Buffer> r = ar.result();
            String body = r.body() == null ? "" : r.body().toString(StandardCharsets.UTF_8);
            if (r.statusCode() != 200) {
                return Future.failedFuture(new AuthenticationException(registryHost, action + who + ": token server "
                        + realmUri + " answered " + r.statusCode() + " " + Optional.ofNullable(r.statusMessage()).orElse("")
                        + (body.isBlank() ? "" : ": " + Redactor.quote(body, secrets))));
            }
            try {
                return Future.succeededFuture(TokenResponse.parse(body, clock.instant()));
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(new AuthenticationException(registryHost,
                        action + who + ": token server " + realmUri + " answered 200 but " + e.getMessage()));
            }
        });
    }

    private Future<HttpResponse<Buffer>> get(URI realm, Optional<String> service, List<String> scopes,
            Optional<String> basic) {
        List<String> query = new ArrayList<>();
        service.ifPresent(s -> query.add("service=" + encode(s)));
        scopes.forEach(s -> query.add("scope=" + encode(s)));
        String url = realm.toString();
        if (!query.isEmpty()) {
            url += (realm.getRawQuery() == null ? "?" : "&") + String.join("&", query);
        }
        HttpRequest<Buffer> request = client.getAbs(url).timeout(TIMEOUT_MILLIS);
        basic.ifPresent(b -> request.putHeader("Authorization", "Basic " + b));
        return request.send();
    }

    private Future<HttpResponse<Buffer>> post(URI realm, Optional<String> service, List<String> scopes,
            String refreshToken) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken);
        service.ifPresent(s -> form.add("service", s));
        if (!scopes.isEmpty()) {
            // OAuth2 (RFC 6749 section 3.3): one parameter, scopes separated by spaces.
            form.add("scope", String.join(" ", scopes));
        }
        form.add("client_id", CLIENT_ID);
        return client.postAbs(realm.toString()).timeout(TIMEOUT_MILLIS).sendForm(form);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
