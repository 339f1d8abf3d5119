package dev.kiln.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void plainConfigBindsLoopbackWithFilesystemStorageAndDeletes() {
        String yaml = RegistryConfig.render(5123, Path.of("/tmp/r/storage"), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(yaml).contains("  addr: \"127.0.0.1:5123\"\n")
                .contains("    rootdirectory: \"/tmp/r/storage\"\n")
                .contains("  delete:\n    enabled: true\n")
                .doesNotContain("tls:").doesNotContain("auth:");
    }

    @Test
    void tlsAndTokenSectionsNameTheirFiles() {
        String yaml = RegistryConfig.render(1, Path.of("/s"),
                Optional.of(new RegistryConfig.Tls(Path.of("/t/server.pem"), Path.of("/t/server.key"))),
                Optional.empty(),
                Optional.of(new RegistryConfig.Token("http://127.0.0.1:9/token", "svc", "iss", Path.of("/k/token.crt"))));

        assertThat(yaml).contains("  tls:\n    certificate: \"/t/server.pem\"\n    key: \"/t/server.key\"\n")
                .contains("auth:\n  token:\n    realm: \"http://127.0.0.1:9/token\"\n    service: \"svc\"\n"
                        + "    issuer: \"iss\"\n    rootcertbundle: \"/k/token.crt\"\n");
    }

    @Test
    void pathsWithQuotesStayValidYamlStrings() {
        String yaml = RegistryConfig.render(1, Path.of("/tmp/we\"ird: dir"), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(yaml).contains("rootdirectory: \"/tmp/we\\\"ird: dir\"");
    }

    @Test
    void htpasswdAndTokenTogetherAreRejected() {
        assertThatThrownBy(() -> RegistryConfig.render(1, Path.of("/s"), Optional.empty(), Optional.of(Path.of("/h")),
                Optional.of(new RegistryConfig.Token("r", "s", "i", Path.of("/b")))))
                .hasMessage("registry config: htpasswd and token auth are exclusive");
    }
}
