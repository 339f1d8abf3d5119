package dev.kiln.engine.registry.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.kiln.engine.registry.auth.Async.await;
import static dev.kiln.engine.registry.auth.Async.failure;
import static dev.kiln.engine.registry.auth.DockerConfigTest.b64;
import static org.assertj.core.api.Assertions.assertThat;

class DockerConfigKeychainTest {

    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        await(vertx.close());
    }

    @Test
    void looksAtDockerConfigThenTheExecutorDirThenHome() {
        List<Path> files = DockerConfigKeychain.candidates(
                Map.of("DOCKER_CONFIG", "/etc/docker-cfg", "HOME", "/home/u"), DockerConfigKeychain.KANIKO_CONFIG_DIR);

        assertThat(files).containsExactly(Path.of("/etc/docker-cfg/config.json"), Path.of("/kaniko/.docker/config.json"),
                Path.of("/home/u/.docker/config.json"));
    }

    @Test
    void acceptsDockerConfigNamingTheFileItself() {
        assertThat(DockerConfigKeychain.candidates(Map.of("DOCKER_CONFIG", "/x/auth.json", "HOME", "/h"), null))
                .containsExactly(Path.of("/x/auth.json"), Path.of("/h/.docker/config.json"));
    }

    @Test
    void usesTheFirstFileThatExists() throws IOException {
        Path executor = write(dir.resolve("kaniko/config.json"), "{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("kaniko:1") + "\"}}}");
        write(dir.resolve("home/.docker/config.json"), "{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("home:2") + "\"}}}");
        DockerConfigKeychain keychain = keychain(DockerConfigKeychain.candidates(
                Map.of("DOCKER_CONFIG", dir.resolve("absent").toString(), "HOME", dir.resolve("home").toString()),
                executor.getParent()));

        assertThat(await(keychain.resolve("reg.example"))).isEqualTo(new Credential.Basic("kaniko", "1"));
    }

    @Test
    void findsDockerHubCredentialsUnderAnyOfItsNames() throws IOException {
        Path file = write(dir.resolve("config.json"),
                "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");
        DockerConfigKeychain keychain = keychain(List.of(file));

        for (String host : List.of("docker.io", "index.docker.io", "registry-1.docker.io")) {
            assertThat(await(keychain.resolve(host))).as(host).isEqualTo(new Credential.Basic("hub", "pw"));
        }
    }

    @Test
    void isAnonymousForUnknownRegistriesAndWithoutAnyFile() throws IOException {
        Path file = write(dir.resolve("config.json"), "{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("a:b") + "\"}}}");

        assertThat(await(keychain(List.of(file)).resolve("other.example"))).isEqualTo(Credential.ANONYMOUS);
        assertThat(await(keychain(List.of(dir.resolve("none.json"))).resolve("reg.example"))).isEqualTo(Credential.ANONYMOUS);
    }

    @Test
    void failsWithTheFileNameWhenTheConfigIsBroken() throws IOException {
        Path file = write(dir.resolve("config.json"), "{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("a:secret") + "\"");

        Throwable error = failure(keychain(List.of(file)).resolve("reg.example"));

        assertThat(error).isInstanceOf(KeychainException.class)
                .hasMessage("read docker config " + file + ": not a JSON object");
    }

    @Test
    void keychainOfNormalisesHostsAndChainStopsAtTheFirstCredential() {
        Keychain fixed = Keychain.of(Map.of("https://reg.example/v1/", new Credential.Basic("u", "p")));
        Keychain fallback = Keychain.of(Map.of("reg.example", new Credential.RegistryToken("t"),
                "other.example", new Credential.RegistryToken("t2")));
        Keychain chain = Keychain.chain(List.of(Keychain.anonymous(), fixed, fallback));

        assertThat(await(chain.resolve("REG.example"))).isEqualTo(new Credential.Basic("u", "p"));
        assertThat(await(chain.resolve("other.example"))).isEqualTo(new Credential.RegistryToken("t2"));
        assertThat(await(chain.resolve("third.example"))).isEqualTo(Credential.ANONYMOUS);
    }

    private DockerConfigKeychain keychain(List<Path> files) {
        return new DockerConfigKeychain(vertx, files, new CredentialHelpers(vertx, List.of()));
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
