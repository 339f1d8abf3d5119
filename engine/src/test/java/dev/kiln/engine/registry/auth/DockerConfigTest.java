package dev.kiln.engine.registry.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerConfigTest {

    private static final Path SOURCE = Path.of("/home/u/.docker/config.json");

    @Test
    void readsBase64AuthAsUserAndPassword() {
        DockerConfig c = parse("{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("alice:pa:ss") + "\"}}}");

        assertThat(c.auths()).containsExactly(Map.entry("reg.example", new Credential.Basic("alice", "pa:ss")));
    }

    @Test
    void readsUsernameAndPasswordFields() {
        DockerConfig c = parse("{\"auths\":{\"reg.example\":{\"username\":\"bob\",\"password\":\"pw\"}}}");

        assertThat(c.auths().get("reg.example")).isEqualTo(new Credential.Basic("bob", "pw"));
    }

    @Test
    void prefersRegistryTokenThenIdentityTokenThenPassword() {
        DockerConfig c = parse("""
                {"auths":{
                  "a.example":{"auth":"%s","identitytoken":"id-a","registrytoken":"reg-a"},
                  "b.example":{"auth":"%s","identitytoken":"id-b"}}}
                """.formatted(b64("u:p"), b64("u:p")));

        assertThat(c.auths().get("a.example")).isEqualTo(new Credential.RegistryToken("reg-a"));
        assertThat(c.auths().get("b.example")).isEqualTo(new Credential.IdentityToken("id-b"));
    }

    @Test
    void normalisesKeysLikeDocker() {
        DockerConfig c = parse("""
                {"auths":{
                  "https://index.docker.io/v1/":{"auth":"%s"},
                  "http://reg.example:5000/v2/":{"auth":"%s"}}}
                """.formatted(b64("hub:1"), b64("local:2")));

        assertThat(c.auths()).containsOnlyKeys("index.docker.io", "reg.example:5000");
    }

    @Test
    void theFirstKeyWithACredentialWinsForOneRegistry() {
        DockerConfig c = parse("""
                {"auths":{"docker.io":{},"https://index.docker.io/v1/":{"auth":"%s"},"registry-1.docker.io":{"auth":"%s"}}}
                """.formatted(b64("first:1"), b64("second:2")));

        assertThat(c.auths().get("index.docker.io")).isEqualTo(new Credential.Basic("first", "1"));
    }

    @Test
    void dropsEntriesWithoutCredentials() {
        DockerConfig c = parse("{\"auths\":{\"reg.example\":{},\"other.example\":{\"email\":\"x@y\"}},\"credsStore\":\"pass\"}");

        assertThat(c.auths()).isEmpty();
        assertThat(c.credsStore()).contains("pass");
    }

    @Test
    void readsCredHelpersByNormalisedHost() {
        DockerConfig c = parse("{\"credHelpers\":{\"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com\":\"ecr-login\","
                + "\"gcr.io\":\"gcloud\"}}");

        assertThat(c.credHelpers()).containsOnly(Map.entry("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "ecr-login"),
                Map.entry("gcr.io", "gcloud"));
        assertThat(c.credsStore()).isEmpty();
    }

    @Test
    void anEmptyFileHasNothing() {
        DockerConfig c = parse("  ");

        assertThat(c.auths()).isEmpty();
        assertThat(c.credHelpers()).isEmpty();
        assertThat(c.credsStore()).isEqualTo(Optional.empty());
    }

    @Test
    void rejectsAuthThatIsNotBase64WithoutQuotingIt() {
        assertThatThrownBy(() -> parse("{\"auths\":{\"reg.example\":{\"auth\":\"sec%ret!\"}}}"))
                .isInstanceOf(KeychainException.class)
                .hasMessage("read docker config " + SOURCE + ": auths[\"reg.example\"].auth is not base64");
    }

    @Test
    void rejectsAuthWithoutAColonWithoutQuotingIt() {
        String auth = b64("onlysecretnocolon");
        assertThatThrownBy(() -> parse("{\"auths\":{\"reg.example\":{\"auth\":\"" + auth + "\"}}}"))
                .isInstanceOf(KeychainException.class)
                .hasMessage("read docker config " + SOURCE + ": auths[\"reg.example\"].auth is not base64 of user:password")
                .hasMessageNotContaining(auth);
    }

    @Test
    void rejectsAFileThatIsNotAJsonObjectWithoutQuotingIt() {
        assertThatThrownBy(() -> parse("{\"auths\": {\"reg\": {\"auth\": \"c2VjcmV0\"}"))
                .isInstanceOf(KeychainException.class)
                .hasMessage("read docker config " + SOURCE + ": not a JSON object");
    }

    @Test
    void toStringShowsNoSecret() {
        DockerConfig c = parse("{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("alice:hunter22") + "\"}}}");

        assertThat(c.toString()).contains("reg.example").doesNotContain("hunter22").doesNotContain(b64("alice:hunter22"));
    }

    private static DockerConfig parse(String json) {
        return DockerConfig.parse(json, SOURCE);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
