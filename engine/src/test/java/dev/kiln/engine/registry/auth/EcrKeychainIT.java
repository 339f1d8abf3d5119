package dev.kiln.engine.registry.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.kiln.engine.registry.auth.Async.await;
import static dev.kiln.engine.registry.auth.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EcrKeychain} with the real AWS SDK against a local server that speaks the ECR JSON protocol for
 * {@code GetAuthorizationToken} (the endpoint override), with static test credentials.
 */
class EcrKeychainIT {

    private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String ECR_PASSWORD = "ecr-password-eyJwYXlsb2Fk";

    /** The headers and body of one request the fake ECR saw. */
    record Seen(MultiMap headers, String body) {
    }

    private Vertx vertx;
    private HttpServer server;
    private EcrKeychain keychain;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile JsonObject answer;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            seen.add(new Seen(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString(StandardCharsets.UTF_8)));
            req.response().setStatusCode(status).putHeader("Content-Type", "application/x-amz-json-1.1")
                    .end(answer.encode());
        })).listen(0, "127.0.0.1"));
        keychain = new EcrKeychain(vertx, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDKILNTEST", "aws-secret-key")),
                Optional.of(URI.create("http://127.0.0.1:" + server.actualPort())));
        answer = new JsonObject().put("authorizationData", new JsonArray().add(new JsonObject()
                .put("authorizationToken", Base64.getEncoder().encodeToString(("AWS:" + ECR_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .put("expiresAt", 1.7999e9)
                .put("proxyEndpoint", "https://" + HOST)));
    }

    @AfterEach
    void stop() {
        keychain.close();
        await(vertx.close());
    }

    @Test
    void getsASignedAuthorizationTokenAndDecodesThePassword() {
        Credential credential = await(keychain.resolve(HOST));

        assertThat(credential).isEqualTo(new Credential.Basic("AWS", ECR_PASSWORD));
        assertThat(seen).hasSize(1);
        Seen request = seen.getFirst();
        assertThat(request.headers().get("X-Amz-Target")).isEqualTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
        assertThat(request.headers().get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDKILNTEST/")
                .contains("/eu-west-1/ecr/aws4_request");
        assertThat(new JsonObject(request.body())).isEqualTo(new JsonObject());
    }

    @Test
    void theDecodedPasswordAnswersTheRegistrysBasicChallenge() {
        WebClient web = WebClient.create(vertx);
        RegistryAuthenticator auth = new RegistryAuthenticator(web, HOST + ":443", keychain);

        String header = await(auth.challenged(WwwAuthenticate.parse("Basic realm=\"https://" + HOST + "/\""),
                Scope.push("app")));

        assertThat(header).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("AWS:" + ECR_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        web.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "123456789012.dkr.ecr.us-east-1.amazonaws.com, us-east-1",
            "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn, cn-north-1",
            "123456789012.dkr-ecr.eu-west-1.amazonaws.com, eu-west-1",
            "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com, us-gov-west-1",
            "123456789012.DKR.ECR.eu-central-1.AMAZONAWS.COM:443, eu-central-1",
    })
    void takesTheRegionFromTheHostName(String host, String region) {
        assertThat(EcrKeychain.region(host)).contains(region);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"public.ecr.aws", "12345.dkr.ecr.us-east-1.amazonaws.com", "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example",
            "gcr.io"})
    void leavesOtherHostsAnonymousWithoutACall(String host) {
        assertThat(await(keychain.resolve(host))).isEqualTo(Credential.ANONYMOUS);
        assertThat(seen).isEmpty();
    }

    @Test
    void reportsARefusalNamingTheRegistryAndRegionButNoSecret() {
        status = 400;
        answer = new JsonObject().put("__type", "AccessDeniedException").put("message", "User is not authorized");

        Throwable error = failure(keychain.resolve(HOST));

        assertThat(error).isInstanceOf(KeychainException.class)
                .hasMessageStartingWith("get ECR authorization token for " + HOST + " in region eu-west-1: ")
                .hasMessageContaining("User is not authorized")
                .hasMessageNotContaining("aws-secret-key");
    }

    @Test
    void rejectsATokenThatIsNotUserAndPasswordWithoutQuotingIt() {
        answer = new JsonObject().put("authorizationData", new JsonArray().add(new JsonObject()
                .put("authorizationToken", Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)))));

        assertThat(failure(keychain.resolve(HOST))).isInstanceOf(KeychainException.class)
                .hasMessage("get ECR authorization token for " + HOST + " in region eu-west-1: the authorization token is not user:password");
    }
}
