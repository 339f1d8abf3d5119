package dev.kiln.engine.registry.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static dev.kiln.engine.registry.auth.Async.await;
import static dev.kiln.engine.registry.auth.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OAuth2 side of the token flow, which the testkit's GET-only token server cannot show: a small Vert.x
 * server in the test plays an OAuth2 token endpoint and records what it was sent.
 */
class TokenClientIT {

    private static final String REFRESH = "refresh-token-4b7d1e";

    /** One request the fake endpoint saw. */
    record Seen(String method, String query, String authorization, MultiMap form) {
    }

    private Vertx vertx;
    private WebClient web;
    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Consumer<HttpServerRequest> answer;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        server = await(vertx.createHttpServer().requestHandler(req -> {
            if ("POST".equals(req.method().name())) {
                req.setExpectMultipart(true);
            }
            req.end().onSuccess(v -> {
                seen.add(new Seen(req.method().name(), req.query(), req.getHeader("Authorization"),
                        MultiMap.caseInsensitiveMultiMap().addAll(req.formAttributes())));
                answer.accept(req);
            });
        }).listen(0, "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        web.close();
        await(vertx.close());
    }

    @Test
    void exchangesAnIdentityTokenWithAnOAuth2RefreshGrant() {
        answer = req -> req.response().end("{\"access_token\":\"oauth-access\",\"expires_in\":600}");

        String header = await(authenticator().challenged(bearer(), List.of(Scope.push("app"), Scope.pull("base"))));

        assertThat(header).isEqualTo("Bearer oauth-access");
        assertThat(seen).hasSize(1);
        Seen post = seen.getFirst();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.form().get("grant_type")).isEqualTo("refresh_token");
        assertThat(post.form().get("refresh_token")).isEqualTo(REFRESH);
        assertThat(post.form().get("service")).isEqualTo("fake-registry");
        assertThat(post.form().get("scope")).isEqualTo("repository:app:pull,push repository:base:pull");
        assertThat(post.form().get("client_id")).isEqualTo("kiln");
        assertThat(post.authorization()).isNull();
    }

    @Test
    void fallsBackToGetWithTheRefreshTokenWhenPostIsNotFound() {
        answer = req -> {
            if ("POST".equals(req.method().name())) {
                req.response().setStatusCode(404).end();
            } else {
                req.response().end("{\"token\":\"get-token\"}");
            }
        };

        String header = await(authenticator().challenged(bearer(), Scope.pull("app")));

        assertThat(header).isEqualTo("Bearer get-token");
        assertThat(seen).extracting(Seen::method).containsExactly("POST", "GET");
        assertThat(seen.getLast().query()).isEqualTo("service=fake-registry&scope=repository%3Aapp%3Apull");
        assertThat(seen.getLast().authorization()).isEqualTo("Basic " + Redactor.basicToken("", REFRESH));
    }

    @Test
    void keepsTheRealmsOwnQueryParameters() {
        answer = req -> req.response().end("{\"token\":\"t\"}");
        RegistryAuthenticator auth = new RegistryAuthenticator(web, "reg.example", Keychain.anonymous());
        Challenge challenge = new Challenge("Bearer", Map.of("realm", realm() + "?tenant=a", "service", "s"));

        await(auth.challenged(List.of(challenge), Scope.pull("app")));

        assertThat(seen.getLast().query()).isEqualTo("tenant=a&service=s&scope=repository%3Aapp%3Apull");
    }

    @Test
    void redactsASecretTheTokenServerEchoesInItsError() {
        answer = req -> req.response().setStatusCode(400)
                .end("{\"error\":\"invalid_grant\",\"detail\":\"refresh token " + REFRESH + " expired\"}");

        Throwable error = failure(authenticator().challenged(bearer(), Scope.pull("app")));

        assertThat(error).isInstanceOf(AuthenticationException.class)
                .hasMessage("authenticate to reg.example for repository:app:pull with an identity token: token server "
                        + realm() + " answered 400 Bad Request: {\"error\":\"invalid_grant\",\"detail\":\"refresh token "
                        + Redactor.MASK + " expired\"}");
    }

    @Test
    void rejectsAnAnswerWithoutATokenWithoutQuotingIt() {
        answer = req -> req.response().end("{\"tok\":\"" + REFRESH + "\"}");

        Throwable error = failure(authenticator().challenged(bearer(), Scope.pull("app")));

        assertThat(error).hasMessageEndingWith("answered 200 but the answer has neither \"token\" nor \"access_token\"")
                .hasMessageNotContaining(REFRESH);
    }

    @Test
    void namesTheRealmWhenItCannotBeReached() {
        await(server.close());
        RegistryAuthenticator auth = new RegistryAuthenticator(web, "reg.example", Keychain.anonymous());

        Throwable error = failure(auth.challenged(bearer(), Scope.pull("app")));

        assertThat(error).isInstanceOf(AuthenticationException.class)
                .hasMessageStartingWith("authenticate to reg.example for repository:app:pull anonymously: request to "
                        + realm() + " failed: ");
    }

    @Test
    void failsWhenTheChallengeHasNoUsableRealm() {
        RegistryAuthenticator auth = new RegistryAuthenticator(web, "reg.example", Keychain.anonymous());

        assertThat(failure(auth.challenged(List.of(new Challenge("Bearer", Map.of("service", "s"))), Scope.pull("a"))))
                .hasMessage("authenticate to reg.example for repository:a:pull: the Bearer challenge names no realm");
        assertThat(failure(auth.challenged(List.of(new Challenge("Bearer", Map.of("realm", "file:///etc/passwd"))),
                Scope.pull("a"))))
                .hasMessage("authenticate to reg.example for repository:a:pull: the Bearer realm \"file:///etc/passwd\""
                        + " is not an http(s) URL");
        assertThat(failure(auth.challenged(List.of(new Challenge("Negotiate", Map.of())), Scope.pull("a"))))
                .hasMessage("authenticate to reg.example for repository:a:pull: no Basic or Bearer challenge in the 401"
                        + " (got: Negotiate)");
    }

    private RegistryAuthenticator authenticator() {
        return new RegistryAuthenticator(web, "reg.example",
                Keychain.of(Map.of("reg.example", new Credential.IdentityToken(REFRESH))));
    }

    private List<Challenge> bearer() {
        return WwwAuthenticate.parse("Bearer realm=\"" + realm() + "\",service=\"fake-registry\"");
    }

    private String realm() {
        return "http://127.0.0.1:" + server.actualPort() + "/oauth2/token";
    }
}
