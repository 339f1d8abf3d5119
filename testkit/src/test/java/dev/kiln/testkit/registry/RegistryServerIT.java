package dev.kiln.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Ports;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.token.JwtAlgorithm;
import dev.kiln.testkit.registry.token.Jwt;
import dev.kiln.testkit.registry.token.KeyHeader;
import dev.kiln.testkit.registry.token.TokenRequest;
import dev.kiln.testkit.registry.token.TokenServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@RequiresTools({Tool.DOCKER_REGISTRY, Tool.OPENSSL, Tool.HTPASSWD})
class RegistryServerIT {

    private static HttpResponse<String> get(RegistryServer reg, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(reg.url().resolve(path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try (HttpClient c = reg.httpClient()) {
            return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void plainRegistryAnswersV2With200() {
        try (RegistryServer reg = RegistryServer.startPlain()) {
            HttpResponse<String> r = reg.client().get("/v2/");

            assertThat(reg.url()).isEqualTo(URI.create("http://127.0.0.1:" + reg.port()));
            assertThat(reg.hostPort()).isEqualTo("127.0.0.1:" + reg.port());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Docker-Distribution-Api-Version")).hasValue("registry/2.0");
        }
    }

    @Test
    void tlsRegistryAnswers200WhenItsCaIsTrusted() {
        try (RegistryServer reg = RegistryServer.builder().tls().start()) {
            assertThat(reg.url().getScheme()).isEqualTo("https");
            assertThat(reg.client().get("/v2/").statusCode()).isEqualTo(200);
            assertThat(reg.certDir().orElseThrow().resolve("ca.crt")).hasSameTextualContentAs(reg.caPem().orElseThrow());
        }
    }

    @Test
    void tlsRegistryFailsTheHandshakeWithoutItsCa() {
        try (RegistryServer reg = RegistryServer.builder().tls().start();
                HttpClient untrusting = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(reg.url().resolve("/v2/")).build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void htpasswdRegistryAnswers401WithoutCredentialsAnd200WithThem() throws Exception {
        try (RegistryServer reg = RegistryServer.builder().htpasswd("alice", "wonder-pw").start()) {
            HttpResponse<String> anonymous = get(reg, "/v2/", null);
            HttpResponse<String> wrong = get(reg, "/v2/", new Credentials("alice", "nope").basicHeader());
            HttpResponse<String> right = get(reg, "/v2/", reg.credentials().orElseThrow().basicHeader());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"kiln-testkit\"");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(Files.readString(reg.configFile())).doesNotContain("wonder-pw");
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"RS256, KID", "RS256, X5C", "ES256, KID", "ES256, X5C"})
    void tokenRegistryChallengesThenAcceptsAFetchedToken(JwtAlgorithm alg, KeyHeader header) throws Exception {
        try (RegistryServer reg = RegistryServer.builder().token(alg, header).start()) {
            TokenServer ts = reg.tokenServer().orElseThrow();

            HttpResponse<String> challenge = get(reg, "/v2/", null);
            String token = ts.fetchToken("repository:busybox:pull,push");
            HttpResponse<String> authorized = get(reg, "/v2/", "Bearer " + token);

            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer realm=\"" + ts.realm() + "\",service=\"" + TokenServer.DEFAULT_SERVICE + "\"");
            assertThat(authorized.statusCode()).isEqualTo(200);
            Map<String, Object> jwtHeader = Jwt.header(token);
            assertThat(jwtHeader.get("alg")).isEqualTo(alg.name());
            assertThat(jwtHeader).containsKey(header == KeyHeader.KID ? "kid" : "x5c");
            assertThat(Json.write(Jwt.claims(token).get("access")))
                    .isEqualTo("[{\"type\":\"repository\",\"name\":\"busybox\",\"actions\":[\"pull\",\"push\"]}]");
            assertThat(ts.requests()).containsExactly(new TokenRequest(TokenServer.DEFAULT_SERVICE,
                    List.of("repository:busybox:pull,push"), Optional.empty(), Optional.empty(), 200));
        }
    }

    @Test
    void tokenRegistryRejectsAForgedToken() throws Exception {
        try (RegistryServer reg = RegistryServer.builder().token().start();
                RegistryServer other = RegistryServer.builder().token().start()) {
            String foreign = other.tokenServer().orElseThrow().fetchToken("repository:busybox:pull");

            assertThat(get(reg, "/v2/", "Bearer " + foreign).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void tokenEndpointWithBasicAuthRejectsAnonymousRequestsAndRecordsTheUser() throws Exception {
        try (RegistryServer reg = RegistryServer.builder().tokenBasicAuth("bob", "token-pw").start();
                HttpClient http = HttpClient.newHttpClient()) {
            TokenServer ts = reg.tokenServer().orElseThrow();
            URI anonymous = URI.create(ts.realm() + "?service=" + ts.service() + "&scope=repository:x:pull");

            HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(anonymous).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> viaClient = reg.client().sendAuthenticated(
                    HttpRequest.newBuilder(reg.url().resolve("/v2/")).build(), "repository:x:pull");

            assertThat(rejected.statusCode()).isEqualTo(401);
            assertThat(viaClient.statusCode()).isEqualTo(200);
            assertThat(ts.requests()).extracting(TokenRequest::status).containsExactly(401, 200);
            assertThat(ts.requests().get(1).user()).hasValue("bob");
            assertThat(reg.credentials()).hasValue(new Credentials("bob", "token-pw"));
        }
    }

    @Test
    void authFileHoldsTheCredentialsForTheHostPort() throws Exception {
        try (RegistryServer reg = RegistryServer.builder().htpasswd("carol", "pw3").start()) {
            Object auth = Json.at(Json.parse(Files.readString(reg.authFile())), "auths", reg.hostPort(), "auth");

            assertThat(auth).isEqualTo(new Credentials("carol", "pw3").base64());
        }
    }

    @Test
    void closeStopsTheProcessAndDeletesItsFiles() {
        RegistryServer reg = RegistryServer.builder().token().start();
        long pid = reg.pid();
        URI realm = reg.tokenServer().orElseThrow().realm();

        reg.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(Ports.isOpen(reg.port())).isFalse();
        assertThat(Ports.isOpen(realm.getPort())).isFalse();
        assertThat(reg.configFile()).doesNotExist();
    }

    @Test
    void htpasswdAndTokenTogetherAreRejected() {
        assertThatThrownBy(() -> RegistryServer.builder().htpasswd("a", "b").token().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("start registry: htpasswd and token auth are exclusive, choose one");
    }
}
