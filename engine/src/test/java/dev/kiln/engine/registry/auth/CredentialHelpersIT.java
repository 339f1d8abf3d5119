package dev.kiln.engine.registry.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static dev.kiln.engine.registry.auth.Async.await;
import static dev.kiln.engine.registry.auth.Async.failure;
import static dev.kiln.engine.registry.auth.DockerConfigTest.b64;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs real credential-helper programs: a shell script the test writes into a temp dir, found through the
 * injected search path, speaking the docker-credential-helpers protocol.
 */
class CredentialHelpersIT {

    private static final String SCRIPT = """
            #!/bin/sh
            read -r url
            echo "$1 $url" >> "$(dirname "$0")/calls.log"
            echo "$PATH" > "$(dirname "$0")/path.txt"
            case "$url" in
              reg.example) echo '{"ServerURL":"reg.example","Username":"bob","Secret":"helper-secret-1"}' ;;
              token.example) echo '{"ServerURL":"token.example","Username":"<token>","Secret":"refresh-xyz"}' ;;
              https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"hub","Secret":"hub-pw"}' ;;
              empty.example) echo '{"ServerURL":"empty.example","Username":"","Secret":""}' ;;
              broken.example) echo "keyring locked" >&2; exit 3 ;;
              garbage.example) echo 'Username=bob Secret=leaked-secret-2' ;;
              *) echo "credentials not found in native keychain"; exit 1 ;;
            esac
            """;

    private static Vertx vertx;

    @TempDir
    Path bin;

    private CredentialHelpers helpers;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        await(vertx.close());
    }

    @BeforeEach
    void writeHelper() throws IOException {
        Path helper = bin.resolve("docker-credential-test");
        Files.writeString(helper, SCRIPT);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        helpers = new CredentialHelpers(vertx, List.of(bin.resolve("empty-dir"), bin, Path.of("/usr/bin"), Path.of("/bin")));
    }

    @Test
    void readsUserAndSecretForTheServerUrlGivenOnStdin() throws IOException {
        assertThat(await(helpers.get("test", "reg.example"))).isEqualTo(new Credential.Basic("bob", "helper-secret-1"));
        assertThat(Files.readString(bin.resolve("calls.log"))).isEqualTo("get reg.example\n");
    }

    @Test
    void passesTheSearchPathAsThePathOfTheHelper() throws IOException {
        await(helpers.get("test", "reg.example"));

        assertThat(Files.readString(bin.resolve("path.txt")).strip())
                .isEqualTo(bin.resolve("empty-dir") + ":" + bin + ":/usr/bin:/bin");
    }

    @Test
    void readsTheTokenUserNameAsAnIdentityToken() {
        assertThat(await(helpers.get("test", "token.example"))).isEqualTo(new Credential.IdentityToken("refresh-xyz"));
    }

    @Test
    void credentialsNotFoundMeansAnonymous() {
        assertThat(await(helpers.get("test", "unknown.example"))).isEqualTo(Credential.ANONYMOUS);
        assertThat(await(helpers.get("test", "empty.example"))).isEqualTo(Credential.ANONYMOUS);
    }

    @Test
    void aFailingHelperIsAnErrorNamingItAndQuotingItsStderr() {
        Throwable error = failure(helpers.get("test", "broken.example"));

        assertThat(error).isInstanceOf(KeychainException.class)
                .hasMessage("run credential helper docker-credential-test for broken.example: exit status 3: keyring locked");
    }

    @Test
    void anAnswerThatIsNotJsonIsAnErrorThatDoesNotQuoteIt() {
        Throwable error = failure(helpers.get("test", "garbage.example"));

        assertThat(error).isInstanceOf(KeychainException.class)
                .hasMessage("run credential helper docker-credential-test for garbage.example: the answer is not a JSON object")
                .hasMessageNotContaining("leaked-secret-2");
    }

    @Test
    void aMissingHelperIsAnErrorNamingTheSearchPath() {
        Throwable error = failure(new CredentialHelpers(vertx, List.of(bin)).get("absent", "reg.example"));

        assertThat(error).isInstanceOf(KeychainException.class)
                .hasMessage("run credential helper docker-credential-absent for reg.example: not found in PATH " + bin);
    }

    @Test
    void rejectsAHelperNameThatIsAPath() {
        assertThat(failure(helpers.get("../../bin/sh", "reg.example")))
                .isInstanceOf(KeychainException.class)
                .hasMessageContaining("not a valid helper name");
    }

    @Test
    void dockerConfigAsksCredHelpersThenCredsStoreAfterInlineEntries() throws IOException {
        Path config = Files.writeString(bin.resolve("config.json"), """
                {"auths": {"inline.example": {"auth": "%s"}, "reg.example": {}},
                 "credHelpers": {"reg.example": "test", "inline.example": "test"},
                 "credsStore": "test"}
                """.formatted(b64("inline:pw")));
        DockerConfigKeychain keychain = new DockerConfigKeychain(vertx, List.of(config), helpers);

        assertThat(await(keychain.resolve("inline.example"))).isEqualTo(new Credential.Basic("inline", "pw"));
        assertThat(await(keychain.resolve("reg.example"))).isEqualTo(new Credential.Basic("bob", "helper-secret-1"));
        assertThat(await(keychain.resolve("docker.io"))).isEqualTo(new Credential.Basic("hub", "hub-pw"));
        assertThat(await(keychain.resolve("token.example"))).isEqualTo(new Credential.IdentityToken("refresh-xyz"));
        assertThat(await(keychain.resolve("nowhere.example"))).isEqualTo(Credential.ANONYMOUS);
        assertThat(Files.readAllLines(bin.resolve("calls.log"))).containsExactly("get reg.example",
                "get https://index.docker.io/v1/", "get token.example", "get nowhere.example");
    }

    @Test
    void aKeychainForOneHelperAsksItAboutEveryRegistry() {
        Keychain acr = helpers.keychain("test");

        assertThat(await(acr.resolve("reg.example"))).isEqualTo(new Credential.Basic("bob", "helper-secret-1"));
        assertThat(await(acr.resolve("unknown.example"))).isEqualTo(Credential.ANONYMOUS);
    }
}
