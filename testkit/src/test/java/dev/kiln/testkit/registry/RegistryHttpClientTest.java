package dev.kiln.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryHttpClientTest {

    @Test
    void challengeParametersAreParsedInOrder() {
        Map<String, String> p = RegistryHttpClient.challengeParameters(
                "Bearer realm=\"http://127.0.0.1:1/token\",service=\"reg\",scope=\"repository:a/b:pull,push\"");

        assertThat(p).containsExactly(Map.entry("realm", "http://127.0.0.1:1/token"), Map.entry("service", "reg"),
                Map.entry("scope", "repository:a/b:pull,push"));
    }

    @Test
    void sha256OfTextIsPrefixedHex() {
        assertThat(RegistryHttpClient.sha256(""))
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void manifestAcceptListsEveryManifestAndIndexType() {
        assertThat(MediaTypes.MANIFEST_ACCEPT).contains(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
                MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);
    }
}
