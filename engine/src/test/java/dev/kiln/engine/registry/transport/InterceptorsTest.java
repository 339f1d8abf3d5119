package dev.kiln.engine.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.registry.auth.Credential;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.engine.registry.auth.RegistryAuthenticator;
import dev.kiln.engine.registry.auth.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retry, redirect, auth and user-agent interceptors against scripted answers (no network). */
class InterceptorsTest {

    private static Vertx vertx;
    private static final RetryPolicy FAST = RetryPolicy.of(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(5));

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static RegistryRequest get(String url, int retries) {
        return RegistryRequest.of(HttpMethod.GET, URI.create(url), "test").withRetries(true, retries);
    }

    @Test
    void transientStatusesAreRetriedUpToTheRequestsCount() throws Exception {
        ScriptedChain end = new ScriptedChain().answer(503, Map.of()).answer(503, Map.of()).answer(200, Map.of());
        Transport t = new Transport(List.of(new RetryInterceptor(vertx, FAST), end));
        assertThat(await(t.execute(get("http://r/v2/", 3))).status()).isEqualTo(200);
        assertThat(end.sent).hasSize(3);
    }

    @Test
    void theLastAnswerIsPassedUpWhenRetriesRunOut() throws Exception {
        ScriptedChain end = new ScriptedChain().answer(503, Map.of()).answer(503, Map.of());
        Transport t = new Transport(List.of(new RetryInterceptor(vertx, FAST), end));
        assertThat(await(t.execute(get("http://r/v2/", 1))).status()).isEqualTo(503);
        assertThat(end.sent).hasSize(2);
    }

    @Test
    void nonIdempotentRequestsAreNeverRetried() throws Exception {
        ScriptedChain end = new ScriptedChain().answer(503, Map.of());
        Transport t = new Transport(List.of(new RetryInterceptor(vertx, FAST), end));
        RegistryRequest patch = RegistryRequest.of(HttpMethod.PATCH, URI.create("http://r/u"), "chunk").withRetries(false, 3);
        assertThat(await(t.execute(patch)).status()).isEqualTo(503);
        assertThat(end.sent).hasSize(1);
    }

    @Test
    void connectionFailuresAreRetriedButTlsFailuresAreNot() throws Exception {
        ScriptedChain end = new ScriptedChain().fail(new ConnectException("refused")).answer(200, Map.of());
        assertThat(await(new Transport(List.of(new RetryInterceptor(vertx, FAST), end)).execute(get("http://r/", 2)))
                .status()).isEqualTo(200);
        ScriptedChain tls = new ScriptedChain().fail(new IOException("handshake", new SSLHandshakeException("PKIX")));
        Future<RegistryResponse> f = new Transport(List.of(new RetryInterceptor(vertx, FAST), tls)).execute(get("https://r/", 2));
        assertThat(f.toCompletionStage().toCompletableFuture().handle((r, e) -> e).get()).hasRootCauseInstanceOf(SSLHandshakeException.class);
        assertThat(tls.sent).hasSize(1);
    }

    @Test
    void crossOriginRedirectsDropTheAuthorization() throws Exception {
        ScriptedChain end = new ScriptedChain()
                .answer(307, Map.of("Location", "https://storage.local/blob?X-Amz-Signature=s"))
                .answer(200, Map.of());
        RegistryRequest r = get("https://r.local/v2/app/blobs/sha256:1", 0).withHeader("Authorization", "Bearer t0ken-123")
                .withScopes(List.of(Scope.pull("app")));
        RegistryResponse response = await(new Transport(List.of(new RedirectInterceptor(), end)).execute(r));
        assertThat(response.request().uri().getHost()).isEqualTo("storage.local");
        assertThat(end.sent.get(1).header("Authorization")).isNull();
        assertThat(end.sent.get(1).scopes()).isEmpty();
    }

    @Test
    void sameOriginRedirectsKeepTheAuthorizationAndResolveRelativeLocations() throws Exception {
        ScriptedChain end = new ScriptedChain().answer(302, Map.of("Location", "/v2/other")).answer(200, Map.of());
        RegistryRequest r = get("https://r.local/v2/app", 0).withHeader("Authorization", "Basic a2lsbjpwdw==");
        await(new Transport(List.of(new RedirectInterceptor(), end)).execute(r));
        assertThat(end.sent.get(1).uri()).isEqualTo(URI.create("https://r.local/v2/other"));
        assertThat(end.sent.get(1).header("Authorization")).isEqualTo("Basic a2lsbjpwdw==");
    }

    @Test
    void aSeeOtherRedirectBecomesABodylessGet() throws Exception {
        ScriptedChain end = new ScriptedChain().answer(303, Map.of("Location", "/done")).answer(200, Map.of());
        RegistryRequest put = RegistryRequest.of(HttpMethod.PUT, URI.create("http://r/x"), "put")
                .withBody(RequestBody.of(new byte[] {1, 2}));
        await(new Transport(List.of(new RedirectInterceptor(), end)).execute(put));
        assertThat(end.sent.get(1).method()).isEqualTo(HttpMethod.GET);
        assertThat(end.sent.get(1).body().length()).isZero();
    }

    @Test
    void aRedirectLoopFails() {
        ScriptedChain end = new ScriptedChain();
        for (int i = 0; i <= RedirectInterceptor.MAX_REDIRECTS; i++) {
            end.answer(302, Map.of("Location", "/again"));
        }
        Future<RegistryResponse> f = new Transport(List.of(new RedirectInterceptor(), end)).execute(get("http://r/x", 0));
        assertThat(f.toCompletionStage().toCompletableFuture().handle((r, e) -> e).join())
                .hasMessageContaining("more than 10 redirects");
    }

    @Test
    void a401WithABasicChallengeIsAnsweredOnceWithTheKeychainsCredentials() throws Exception {
        RegistryAuthenticator auth = new RegistryAuthenticator(WebClient.create(vertx), "r.local",
                Keychain.of(Map.of("r.local", new Credential.Basic("kiln", "pw"))));
        ScriptedChain end = new ScriptedChain()
                .answer(401, Map.of("WWW-Authenticate", "Basic realm=\"r\""))
                .answer(200, Map.of())
                .answer(200, Map.of());
        Transport t = new Transport(List.of(new AuthInterceptor(auth), end));
        RegistryRequest r = get("https://r.local/v2/app/manifests/1", 0).withScopes(List.of(Scope.pull("app")));
        assertThat(await(t.execute(r)).status()).isEqualTo(200);
        assertThat(end.sent.get(0).header("Authorization")).isNull();
        assertThat(end.sent.get(1).header("Authorization")).isEqualTo("Basic a2lsbjpwdw==");
        await(t.execute(r));
        assertThat(end.sent.get(2).header("Authorization")).as("learnt, sent up front").isEqualTo("Basic a2lsbjpwdw==");
    }

    @Test
    void aSecond401IsPassedUpAndRequestsWithoutScopesAreLeftAlone() throws Exception {
        RegistryAuthenticator auth = new RegistryAuthenticator(WebClient.create(vertx), "r.local",
                Keychain.of(Map.of("r.local", new Credential.Basic("kiln", "pw"))));
        ScriptedChain end = new ScriptedChain()
                .answer(401, Map.of("WWW-Authenticate", "Basic realm=\"r\""))
                .answer(401, Map.of("WWW-Authenticate", "Basic realm=\"r\""))
                .answer(401, Map.of("WWW-Authenticate", "Basic realm=\"r\""));
        Transport t = new Transport(List.of(new AuthInterceptor(auth), end));
        assertThat(await(t.execute(get("https://r.local/v2/a", 0).withScopes(List.of(Scope.pull("a"))))).status()).isEqualTo(401);
        assertThat(end.sent).hasSize(2);
        assertThat(await(t.execute(get("https://r.local/v2/", 0))).status()).isEqualTo(401);
        assertThat(end.sent.get(2).header("Authorization")).isNull();
    }

    @Test
    void theUserAgentIsSetOnEveryRequest() throws Exception {
        ScriptedChain end = new ScriptedChain().answer(200, Map.of());
        await(new Transport(List.of(new UserAgentInterceptor("kiln/1.2.3"), end)).execute(get("http://r/", 0)));
        assertThat(end.sent.getFirst().header("user-agent")).isEqualTo("kiln/1.2.3");
        assertThat(UserAgentInterceptor.defaultUserAgent()).startsWith("kiln/");
    }
}
