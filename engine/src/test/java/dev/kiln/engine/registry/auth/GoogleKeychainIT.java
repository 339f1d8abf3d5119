package dev.kiln.engine.registry.auth;

import dev.kiln.testkit.time.ManualClock;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static dev.kiln.engine.registry.auth.Async.await;
import static dev.kiln.engine.registry.auth.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GoogleKeychain} against a local Vert.x server playing the OAuth2 token endpoint ({@code token_uri} of a
 * service-account file) and the metadata server.
 */
class GoogleKeychainIT {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    /** One request the fake Google endpoint saw. */
    record Seen(String method, String path, MultiMap headers, MultiMap form) {
    }

    @TempDir
    Path dir;

    private Vertx vertx;
    private WebClient web;
    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Consumer<HttpServerRequest> answer;
    private KeyPair key;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        server = await(vertx.createHttpServer().requestHandler(req -> {
            if ("POST".equals(req.method().name())) {
                req.setExpectMultipart(true);
            }
            req.end().onSuccess(v -> {
                seen.add(new Seen(req.method().name(), req.path(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                        MultiMap.caseInsensitiveMultiMap().addAll(req.formAttributes())));
                answer.accept(req);
            });
        }).listen(0, "127.0.0.1"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
    }

    @AfterEach
    void stop() {
        web.close();
        await(vertx.close());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gcr.io", "eu.gcr.io", "europe-west1-docker.pkg.dev", "us-docker.pkg.dev:443"})
    void signsAServiceAccountJwtAndUsesTheAccessTokenAsPassword(String host) throws Exception {
        answer = req -> req.response().end("{\"access_token\":\"ya29.service\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        GoogleKeychain keychain = keychain(Optional.of(serviceAccount()), new ManualClock(NOW));

        Credential credential = await(keychain.resolve(host));

        assertThat(credential).isEqualTo(new Credential.Basic("oauth2accesstoken", "ya29.service"));
        Seen post = seen.getFirst();
        assertThat(post.method() + " " + post.path()).isEqualTo("POST /token");
        assertThat(post.form().get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] jwt = post.form().get("assertion").split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key.getPublic());
        rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).as("RS256 signature").isTrue();
        assertThat(decode(jwt[0])).isEqualTo(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", "key-1"));
        assertThat(decode(jwt[1])).isEqualTo(new JsonObject().put("iss", "kiln@project.iam.gserviceaccount.com")
                .put("scope", "https://www.googleapis.com/auth/cloud-platform").put("aud", tokenUri())
                .put("iat", NOW.getEpochSecond()).put("exp", NOW.getEpochSecond() + 3600));
    }

    @Test
    void sharesOneTokenAmongGoogleRegistriesUntilItIsAboutToExpire() throws Exception {
        answer = req -> req.response().end("{\"access_token\":\"ya29.n" + seen.size() + "\",\"expires_in\":3600}");
        ManualClock clock = new ManualClock(NOW);
        GoogleKeychain keychain = keychain(Optional.of(serviceAccount()), clock);

        Credential first = await(keychain.resolve("gcr.io"));
        assertThat(await(keychain.resolve("us-docker.pkg.dev"))).isEqualTo(first);
        assertThat(seen).hasSize(1);

        clock.set(NOW.plus(Duration.ofMinutes(59).plusSeconds(51)));
        assertThat(await(keychain.resolve("gcr.io"))).isNotEqualTo(first);
        assertThat(seen).hasSize(2);
    }

    @Test
    void exchangesTheRefreshTokenOfAnAuthorizedUser() throws IOException {
        answer = req -> req.response().end("{\"access_token\":\"ya29.user\",\"expires_in\":3599}");
        Path file = Files.writeString(dir.resolve("adc.json"), new JsonObject().put("type", "authorized_user")
                .put("client_id", "cid.apps.googleusercontent.com").put("client_secret", "client-secret-9")
                .put("refresh_token", "1//refresh-8").put("token_uri", tokenUri()).encode());

        assertThat(await(keychain(Optional.of(file), Clock.systemUTC()).resolve("gcr.io")))
                .isEqualTo(new Credential.Basic("oauth2accesstoken", "ya29.user"));
        assertThat(seen.getFirst().form().get("grant_type")).isEqualTo("refresh_token");
        assertThat(seen.getFirst().form().get("refresh_token")).isEqualTo("1//refresh-8");
        assertThat(seen.getFirst().form().get("client_secret")).isEqualTo("client-secret-9");
    }

    @Test
    void asksTheMetadataServerWithoutACredentialsFile() {
        answer = req -> req.response().putHeader("Metadata-Flavor", "Google")
                .end("{\"access_token\":\"ya29.metadata\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");

        Credential credential = await(keychain(Optional.empty(), Clock.systemUTC()).resolve("gcr.io"));

        assertThat(credential).isEqualTo(new Credential.Basic("oauth2accesstoken", "ya29.metadata"));
        assertThat(seen.getFirst().method() + " " + seen.getFirst().path())
                .isEqualTo("GET /computeMetadata/v1/instance/service-accounts/default/token");
        assertThat(seen.getFirst().headers().get("Metadata-Flavor")).isEqualTo("Google");
    }

    @Test
    void isAnonymousWithoutCredentialsFileAndMetadataServer() {
        await(server.close());

        assertThat(await(keychain(Optional.empty(), Clock.systemUTC()).resolve("gcr.io"))).isEqualTo(Credential.ANONYMOUS);
    }

    @Test
    void fromEnvironmentTakesTheMetadataHostFromGceMetadataHost() {
        answer = req -> req.response().end("{\"access_token\":\"ya29.env\"}");
        GoogleKeychain keychain = GoogleKeychain.fromEnvironment(vertx, web,
                Map.of("GCE_METADATA_HOST", "127.0.0.1:" + server.actualPort()));

        assertThat(await(keychain.resolve("gcr.io"))).isEqualTo(new Credential.Basic("oauth2accesstoken", "ya29.env"));
    }

    @Test
    void leavesOtherRegistriesAnonymousWithoutARequest() {
        GoogleKeychain keychain = keychain(Optional.empty(), Clock.systemUTC());

        for (String host : List.of("docker.io", "gcr.io.evil.example", "pkg.dev", "ghcr.io")) {
            assertThat(await(keychain.resolve(host))).as(host).isEqualTo(Credential.ANONYMOUS);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void reportsARefusalWithoutTheAssertion() throws Exception {
        answer = req -> req.response().setStatusCode(400).end("{\"error\":\"invalid_grant\",\"error_description\":\""
                + seenAssertion() + "\"}");

        Throwable error = failure(keychain(Optional.of(serviceAccount()), Clock.systemUTC()).resolve("gcr.io"));

        assertThat(error).isInstanceOf(KeychainException.class)
                .hasMessageStartingWith("get a Google access token with GOOGLE_APPLICATION_CREDENTIALS "
                        + dir.resolve("sa.json") + ": token endpoint " + tokenUri() + " answered 400: ")
                .hasMessageContaining("invalid_grant")
                .hasMessageNotContaining(seen.getFirst().form().get("assertion"));
    }

    @Test
    void reportsABrokenCredentialsFileWithoutQuotingTheKey() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), new JsonObject().put("type", "service_account")
                .put("client_email", "a@b").put("private_key", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleQ==\n-----END PRIVATE KEY-----\n")
                .encode());

        Throwable error = failure(keychain(Optional.of(file), Clock.systemUTC()).resolve("gcr.io"));

        assertThat(error).isInstanceOf(KeychainException.class)
                .hasMessage("get a Google access token with GOOGLE_APPLICATION_CREDENTIALS " + file
                        + ": private_key is not a PKCS#8 RSA key");
        assertThat(failure(keychain(Optional.of(dir.resolve("absent.json")), Clock.systemUTC()).resolve("gcr.io")))
                .isInstanceOf(KeychainException.class)
                .hasMessageStartingWith("get a Google access token with GOOGLE_APPLICATION_CREDENTIALS "
                        + dir.resolve("absent.json") + ": ");
    }

    private String seenAssertion() {
        return seen.isEmpty() ? "" : seen.getLast().form().get("assertion");
    }

    private GoogleKeychain keychain(Optional<Path> file, Clock clock) {
        return new GoogleKeychain(vertx, web, file, "http://127.0.0.1:" + server.actualPort() + "/", clock);
    }

    private Path serviceAccount() throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(dir.resolve("sa.json"), new JsonObject().put("type", "service_account")
                .put("project_id", "project").put("private_key_id", "key-1").put("private_key", pem)
                .put("client_email", "kiln@project.iam.gserviceaccount.com").put("token_uri", tokenUri()).encodePrettily());
    }

    private String tokenUri() {
        return "http://127.0.0.1:" + server.actualPort() + "/token";
    }

    private static JsonObject decode(String base64Url) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8));
    }
}
