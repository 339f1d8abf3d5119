package dev.kiln.engine.registry.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryHostsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "registry.example, registry.example",
            "Registry.Example:5000, registry.example:5000",
            "https://registry.example/v1/, registry.example",
            "http://registry.example:5000, registry.example:5000",
            "https://registry.example/v2/some/path, registry.example",
            "registry.example/ignored, registry.example",
            "https://index.docker.io/v1/, index.docker.io",
            "docker.io, index.docker.io",
            "registry-1.docker.io, index.docker.io",
            "https://registry-1.docker.io/v2/, index.docker.io",
            "' 127.0.0.1:5000 ', 127.0.0.1:5000",
    })
    void normalizesLikeDockersConfigKeys(String key, String host) {
        assertThat(RegistryHosts.normalize(key)).isEqualTo(host);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "docker.io, https://index.docker.io/v1/",
            "registry-1.docker.io, https://index.docker.io/v1/",
            "registry.example:5000, registry.example:5000",
    })
    void asksCredentialHelpersAboutDockerHubByItsHistoricalUrl(String host, String serverUrl) {
        assertThat(RegistryHosts.serverUrl(host)).isEqualTo(serverUrl);
    }
}
