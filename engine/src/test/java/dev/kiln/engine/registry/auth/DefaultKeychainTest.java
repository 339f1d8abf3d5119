package dev.kiln.engine.registry.auth;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static dev.kiln.engine.registry.auth.Async.await;
import static dev.kiln.engine.registry.auth.Async.failure;
import static dev.kiln.engine.registry.auth.DockerConfigTest.b64;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of {@link DefaultKeychain}: config file first, then the built-ins. The built-ins point at a closed
 * local port, so a call to one shows as its failure (ECR) or as anonymous access (Google).
 */
class DefaultKeychainTest {

    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @TempDir
    Path dir;

    private Vertx vertx;
    private WebClient web;
    private DefaultKeychain keychain;

    @BeforeEach
    void create() throws IOException {
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        Path config = Files.writeString(dir.resolve("config.json"), """
                {"auths": {"%s": {"auth": "%s"}, "gcr.io": {"auth": "%s"}, "reg.example": {"auth": "%s"}}}
                """.formatted(ECR, b64("AWS:from-config"), b64("_json_key:from-config"), b64("u:p")));
        String closed = "http://127.0.0.1:9";
        keychain = new DefaultKeychain(
                new DockerConfigKeychain(vertx, List.of(config), new CredentialHelpers(vertx, List.of())),
                new EcrKeychain(vertx, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")),
                        Optional.of(URI.create(closed))),
                new GoogleKeychain(vertx, web, Optional.empty(), closed, Clock.systemUTC()));
    }

    @AfterEach
    void close() {
        keychain.close();
        web.close();
        await(vertx.close());
    }

    @Test
    void aConfigEntryWinsOverTheBuiltIns() {
        assertThat(await(keychain.resolve(ECR))).isEqualTo(new Credential.Basic("AWS", "from-config"));
        assertThat(await(keychain.resolve("gcr.io"))).isEqualTo(new Credential.Basic("_json_key", "from-config"));
        assertThat(await(keychain.resolve("reg.example"))).isEqualTo(new Credential.Basic("u", "p"));
    }

    @Test
    void registriesWithoutAnEntryGoToTheirBuiltIn() {
        assertThat(failure(keychain.resolve("210987654321.dkr.ecr.us-east-1.amazonaws.com")))
                .isInstanceOf(KeychainException.class)
                .hasMessageStartingWith("get ECR authorization token for 210987654321.dkr.ecr.us-east-1.amazonaws.com"
                        + " in region us-east-1: ");
        assertThat(await(keychain.resolve("eu.gcr.io"))).isEqualTo(Credential.ANONYMOUS);
    }

    @Test
    void everythingElseIsAnonymous() {
        assertThat(await(keychain.resolve("ghcr.io"))).isEqualTo(Credential.ANONYMOUS);
    }
}
