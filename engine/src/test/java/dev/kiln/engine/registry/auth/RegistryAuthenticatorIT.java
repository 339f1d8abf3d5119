package dev.kiln.engine.registry.auth;

import dev.kiln.testkit.time.ManualClock;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.registry.token.JwtAlgorithm;
import dev.kiln.testkit.registry.token.KeyHeader;
import dev.kiln.testkit.registry.token.TokenRequest;
import dev.kiln.testkit.registry.token.TokenServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.kiln.engine.registry.auth.Async.await;
import static dev.kiln.engine.registry.auth.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RegistryAuthenticator} against real docker-registry instances (htpasswd, token with RS256 and ES256,
 * TLS) and the testkit's token server. The registry calls are made with a plain {@link WebClient}, the way the
 * transport will: request, 401, {@code challenged}, retry with the header.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.OPENSSL, Tool.HTPASSWD})
class RegistryAuthenticatorIT {

    private static final String PASSWORD = "pw-6f1c9e2d";

    private static Vertx vertx;
    private static WebClient web;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
    }

    @AfterAll
    static void stopVertx() {
        web.close();
        await(vertx.close());
    }

    @Test
    void answersTheBasicChallengeOfAnHtpasswdRegistryFromTheDockerConfig() {
        try (RegistryServer registry = RegistryServer.builder().htpasswd("alice", PASSWORD).start()) {
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), dockerConfig(registry));
            HttpResponse<Buffer> first = get(registry.url() + "/v2/", Optional.empty());
            assertThat(first.statusCode()).isEqualTo(401);

            String header = await(auth.challenged(challenges(first), Scope.pull("x")));

            assertThat(header).isEqualTo("Basic " + Redactor.basicToken("alice", PASSWORD));
            assertThat(get(registry.url() + "/v2/", Optional.of(header)).statusCode()).isEqualTo(200);
            assertThat(await(auth.authorization(Scope.push("other")))).contains(header);
        }
    }

    @Test
    void sendsNothingBeforeTheFirstChallenge() {
        RegistryAuthenticator auth = new RegistryAuthenticator(web, "127.0.0.1:1", Keychain.anonymous());

        assertThat(await(auth.authorization(Scope.pull("x")))).isEmpty();
    }

    @Test
    void failsABasicChallengeWhenTheKeychainHasNoCredentials() {
        try (RegistryServer registry = RegistryServer.builder().htpasswd("alice", PASSWORD).start()) {
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), Keychain.anonymous());
            HttpResponse<Buffer> first = get(registry.url() + "/v2/x/tags/list", Optional.empty());

            Throwable error = failure(auth.challenged(challenges(first), Scope.pull("x")));

            assertThat(error).isInstanceOf(AuthenticationException.class)
                    .hasMessage("authenticate to " + registry.hostPort() + " for repository:x:pull: the registry asks"
                            + " for Basic credentials and the keychain has none for it");
            assertThat(((AuthenticationException) error).registry()).isEqualTo(registry.hostPort());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"RS256, KID", "RS256, X5C", "ES256, KID", "ES256, X5C"})
    void fetchesAnAnonymousTokenThatTheRegistryAccepts(JwtAlgorithm algorithm, KeyHeader keyHeader) {
        try (RegistryServer registry = RegistryServer.builder().token(algorithm, keyHeader).start()) {
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), Keychain.anonymous());
            HttpResponse<Buffer> first = get(registry.url() + "/v2/x/tags/list", Optional.empty());
            assertThat(first.statusCode()).isEqualTo(401);

            String header = await(auth.challenged(challenges(first), Scope.push("x")));

            assertThat(header).startsWith("Bearer ");
            assertRepositoryUnknownButAuthorized(registry, "x", header);
            TokenRequest request = registry.tokenServer().orElseThrow().requests().getLast();
            assertThat(request.scopes()).contains("repository:x:pull,push");
            assertThat(request.service()).isEqualTo(TokenServer.DEFAULT_SERVICE);
            assertThat(request.user()).isEmpty();
            assertThat(get(registry.url() + "/v2/", Optional.of(header)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void fetchesTokensWithBasicCredentialsFromTheDockerConfig() {
        try (RegistryServer registry = RegistryServer.builder().tokenBasicAuth("alice", PASSWORD).start()) {
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), dockerConfig(registry));

            String header = await(auth.challenged(challenges(get(registry.url() + "/v2/x/tags/list", Optional.empty())),
                    Scope.push("x")));

            assertRepositoryUnknownButAuthorized(registry, "x", header);
            assertThat(registry.tokenServer().orElseThrow().requests().getLast().user()).contains("alice");
        }
    }

    @Test
    void reportsAWrongPasswordWithoutShowingIt() {
        String wrong = "wrong-" + PASSWORD;
        try (RegistryServer registry = RegistryServer.builder().tokenBasicAuth("alice", PASSWORD).start()) {
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(),
                    Keychain.of(Map.of(registry.hostPort(), new Credential.Basic("alice", wrong))));

            Throwable error = failure(auth.challenged(
                    challenges(get(registry.url() + "/v2/x/tags/list", Optional.empty())), Scope.push("x")));

            assertThat(error).isInstanceOf(AuthenticationException.class)
                    .hasMessageStartingWith("authenticate to " + registry.hostPort()
                            + " for repository:x:pull,push as user alice: token server "
                            + registry.tokenServer().orElseThrow().realm() + " answered 401")
                    .hasMessageNotContaining(wrong)
                    .hasMessageNotContaining(Redactor.basicToken("alice", wrong));
        }
    }

    @Test
    void asksForPushAndPullScopesOnSeveralRepositoriesInOneToken() {
        try (RegistryServer registry = RegistryServer.builder().token().start()) {
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), Keychain.anonymous());
            List<Scope> scopes = List.of(Scope.push("target"), Scope.pull("source"));

            String header = await(auth.challenged(
                    challenges(get(registry.url() + "/v2/target/blobs/uploads/", Optional.empty())), scopes));

            assertThat(registry.tokenServer().orElseThrow().requests().getLast().scopes())
                    .contains("repository:source:pull", "repository:target:pull,push");
            assertRepositoryUnknownButAuthorized(registry, "target", header);
            assertRepositoryUnknownButAuthorized(registry, "source", header);
        }
    }

    @Test
    void reusesACachedTokenForTheSameOrACoveredScope() {
        try (RegistryServer registry = RegistryServer.builder().token().start()) {
            TokenServer tokens = registry.tokenServer().orElseThrow();
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), Keychain.anonymous());
            String header = await(auth.challenged(unauthorized(registry), Scope.push("x")));
            int served = tokens.requests().size();

            assertThat(await(auth.authorization(Scope.push("x")))).contains(header);
            assertThat(await(auth.authorization(Scope.pull("x")))).contains(header);
            assertThat(tokens.requests()).hasSize(served);

            Optional<String> other = await(auth.authorization(Scope.pull("y")));
            assertThat(other).isPresent().isNotEqualTo(Optional.of(header));
            assertThat(tokens.requests()).hasSize(served + 1);
            assertThat(tokens.requests().getLast().scopes()).containsExactly("repository:y:pull");
            assertRepositoryUnknownButAuthorized(registry, "y", other.get());
        }
    }

    @Test
    void fetchesANewTokenWhenTheCachedOneIsAboutToExpire() {
        try (RegistryServer registry = RegistryServer.builder().token().start()) {
            TokenServer tokens = registry.tokenServer().orElseThrow();
            ManualClock clock = new ManualClock();
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), Keychain.anonymous(), clock);
            String header = await(auth.challenged(unauthorized(registry), Scope.push("x")));
            int served = tokens.requests().size();

            // The testkit's tokens live 5 minutes; the authenticator stops using them 10 s early.
            clock.advance(Duration.ofMinutes(5).minusSeconds(11));
            assertThat(await(auth.authorization(Scope.push("x")))).contains(header);
            assertThat(tokens.requests()).hasSize(served);

            clock.advance(Duration.ofSeconds(2));
            Optional<String> renewed = await(auth.authorization(Scope.push("x")));
            assertThat(renewed).isPresent().isNotEqualTo(Optional.of(header));
            assertThat(tokens.requests()).hasSize(served + 1);
        }
    }

    @Test
    void aChallengeAlwaysFetchesAFreshToken() {
        try (RegistryServer registry = RegistryServer.builder().token().start()) {
            TokenServer tokens = registry.tokenServer().orElseThrow();
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), Keychain.anonymous());
            String first = await(auth.challenged(unauthorized(registry), Scope.push("x")));
            int served = tokens.requests().size();

            String second = await(auth.challenged(unauthorized(registry), Scope.push("x")));

            assertThat(second).isNotEqualTo(first);
            assertThat(tokens.requests()).hasSize(served + 1);
            assertThat(await(auth.authorization(Scope.push("x")))).contains(second);
        }
    }

    @Test
    void concurrentCallersForTheSameScopeShareOneTokenRequest() {
        try (RegistryServer registry = RegistryServer.builder().token().start()) {
            TokenServer tokens = registry.tokenServer().orElseThrow();
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(), Keychain.anonymous());
            List<Challenge> challenges = unauthorized(registry);
            await(auth.challenged(challenges, Scope.pull("warmup")));
            int served = tokens.requests().size();

            List<Optional<String>> headers = await(Async.onContext(vertx, () -> {
                List<Future<Optional<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(auth.authorization(Scope.push("shared")));
                }
                return Future.all(calls).map(all -> all.<Optional<String>>list());
            }));
            List<String> challenged = await(Async.onContext(vertx, () -> {
                List<Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(auth.challenged(challenges, Scope.push("again")));
                }
                return Future.all(calls).map(all -> all.<String>list());
            }));

            assertThat(headers).hasSize(8).allMatch(Optional::isPresent).containsOnly(headers.getFirst());
            assertThat(challenged).hasSize(8).containsOnly(challenged.getFirst());
            assertThat(tokens.requests()).hasSize(served + 2);
        }
    }

    @Test
    void authenticatesToATlsRegistryTrustingTheTestCa() {
        try (RegistryServer registry = RegistryServer.builder().tls().token(JwtAlgorithm.ES256, KeyHeader.X5C).start()) {
            WebClient tlsWeb = WebClient.create(vertx, new WebClientOptions()
                    .setTrustOptions(TrustOptions.wrap(registry.trustManager().orElseThrow())));
            try {
                RegistryAuthenticator auth = new RegistryAuthenticator(tlsWeb, registry.hostPort(), Keychain.anonymous());
                HttpResponse<Buffer> first = await(tlsWeb.getAbs(registry.url() + "/v2/").send());
                assertThat(first.statusCode()).isEqualTo(401);

                String header = await(auth.challenged(challenges(first), Scope.pull("x")));

                assertThat(await(tlsWeb.getAbs(registry.url() + "/v2/").putHeader("Authorization", header).send())
                        .statusCode()).isEqualTo(200);
            } finally {
                tlsWeb.close();
            }
        }
    }

    @Test
    void usesARegistryTokenFromTheKeychainDirectly() {
        try (RegistryServer registry = RegistryServer.builder().token().start()) {
            TokenServer tokens = registry.tokenServer().orElseThrow();
            String token = tokens.fetchToken("repository:x:pull");
            tokens.clearRequests();
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(),
                    Keychain.of(Map.of(registry.hostPort(), new Credential.RegistryToken(token))));

            String header = await(auth.challenged(unauthorized(registry), Scope.pull("x")));

            assertThat(header).isEqualTo("Bearer " + token);
            assertThat(tokens.requests()).isEmpty();
            assertRepositoryUnknownButAuthorized(registry, "x", header);
            assertThat(await(auth.authorization(Scope.pull("y")))).contains(header);
        }
    }

    @Test
    void fallsBackToGetWhenTheTokenServerRefusesTheOAuth2Post() {
        // The testkit's token server answers 405 to POST, like token servers without OAuth2 support.
        try (RegistryServer registry = RegistryServer.builder().token().start()) {
            TokenServer tokens = registry.tokenServer().orElseThrow();
            RegistryAuthenticator auth = new RegistryAuthenticator(web, registry.hostPort(),
                    Keychain.of(Map.of(registry.hostPort(), new Credential.IdentityToken("refresh-" + PASSWORD))));

            String header = await(auth.challenged(unauthorized(registry), Scope.pull("x")));

            assertRepositoryUnknownButAuthorized(registry, "x", header);
            assertThat(tokens.requests().getLast().scopes()).contains("repository:x:pull");
        }
    }

    private static DockerConfigKeychain dockerConfig(RegistryServer registry) {
        return new DockerConfigKeychain(vertx, List.of(registry.authFile()), new CredentialHelpers(vertx, List.of()));
    }

    private static List<Challenge> unauthorized(RegistryServer registry) {
        HttpResponse<Buffer> r = get(registry.url() + "/v2/x/tags/list", Optional.empty());
        assertThat(r.statusCode()).isEqualTo(401);
        return challenges(r);
    }

    private static List<Challenge> challenges(HttpResponse<Buffer> response) {
        return WwwAuthenticate.parse(response.headers().getAll("WWW-Authenticate"));
    }

    private static HttpResponse<Buffer> get(String url, Optional<String> authorization) {
        var request = web.getAbs(url);
        authorization.ifPresent(a -> request.putHeader("Authorization", a));
        return await(request.send());
    }

    /** The registry let the request through: it says the repository does not exist instead of 401. */
    private static void assertRepositoryUnknownButAuthorized(RegistryServer registry, String repository, String header) {
        HttpResponse<Buffer> r = get(registry.url() + "/v2/" + repository + "/tags/list", Optional.of(header));
        assertThat(r.statusCode()).as("GET /v2/%s/tags/list: %s", repository, r.bodyAsString()).isEqualTo(404);
        assertThat(r.bodyAsString()).contains("NAME_UNKNOWN");
    }
}
