package dev.kiln.testkit.registry.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@RequiresTools(Tool.OPENSSL)
class TokenServerIT {

    @ParameterizedTest
    @EnumSource(JwtAlgorithm.class)
    void signatureVerifiesWithTheCertificatesPublicKey(JwtAlgorithm alg) throws Exception {
        try (TokenServer ts = TokenServer.builder().algorithm(alg).start()) {
            String jwt = ts.fetchToken("repository:busybox:pull");
            String[] parts = jwt.split("\\.");
            byte[] sig = Base64.getUrlDecoder().decode(parts[2]);

            Signature verify = Signature.getInstance(alg.jdkSignature());
            verify.initVerify(ts.signingKey().certificate().getPublicKey());
            verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(verify.verify(sig)).isTrue();
            if (alg == JwtAlgorithm.ES256) {
                assertThat(sig).hasSize(64); // raw r||s, as JWS requires, not DER
            }
        }
    }

    @Test
    void claimsNameIssuerAudienceLifetimeAndEveryRequestedScope() {
        try (TokenServer ts = TokenServer.builder().issuer("iss-1").service("svc-1").start()) {
            Map<String, Object> claims = Jwt.claims(ts.fetchToken("repository:a/b:pull", "repository:127.0.0.1:5000/c:push"));

            assertThat(claims.get("iss")).isEqualTo("iss-1");
            assertThat(claims.get("aud")).isEqualTo("svc-1");
            assertThat((Long) claims.get("exp") - (Long) claims.get("iat")).isEqualTo(300L);
            assertThat(Json.write(claims.get("access"))).isEqualTo(
                    "[{\"type\":\"repository\",\"name\":\"a/b\",\"actions\":[\"pull\"]},"
                    + "{\"type\":\"repository\",\"name\":\"127.0.0.1:5000/c\",\"actions\":[\"push\"]}]");
            assertThat(ts.requests()).singleElement().extracting(TokenRequest::scopes)
                    .isEqualTo(List.of("repository:a/b:pull", "repository:127.0.0.1:5000/c:push"));
        }
    }

    @Test
    void kidHeaderIsTheLibtrustIdOfTheSigningKey() {
        try (TokenServer ts = TokenServer.builder().algorithm(JwtAlgorithm.ES256).keyHeader(KeyHeader.KID).start()) {
            Map<String, Object> header = Jwt.header(ts.fetchToken());

            assertThat(header.get("kid")).isEqualTo(LibtrustKeyId.of(ts.signingKey().certificate().getPublicKey()));
            assertThat(header).doesNotContainKey("x5c");
        }
    }

    @Test
    void onlyGetIsServed() throws Exception {
        try (TokenServer ts = TokenServer.builder().start(); HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(ts.realm())
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aForgottenServerCannotKeepTheJvmAlive() {
        try (TokenServer ts = TokenServer.builder().start()) {
            assertThat(ts.realm().getHost()).isEqualTo("127.0.0.1");
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("HTTP-Dispatcher"))
                    .isNotEmpty().allMatch(Thread::isDaemon);
        }
    }
}
