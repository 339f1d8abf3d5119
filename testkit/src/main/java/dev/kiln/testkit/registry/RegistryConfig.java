package dev.kiln.testkit.registry;

import dev.kiln.testkit.json.Json;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Renders docker-registry's {@code config.yml}
 * (https://distribution.github.io/distribution/about/configuration/). Stateless, so thread-safe.
 * Strings are written as JSON string literals, which are valid YAML double-quoted scalars, so no path can
 * break the document.
 */
final class RegistryConfig {
    private RegistryConfig() {}

    /** Where TLS material is, when serving HTTPS. */
    record Tls(Path certificate, Path key) {}

    /** The {@code auth.token} settings. */
    record Token(String realm, String service, String issuer, Path rootCertBundle) {}

    static String render(int port, Path storage, Optional<Tls> tls, Optional<Path> htpasswd, Optional<Token> token) {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.1\n");
        y.append("log:\n  level: info\n  accesslog:\n    disabled: true\n");
        y.append("storage:\n  filesystem:\n    rootdirectory: ").append(q(storage)).append('\n');
        y.append("  delete:\n    enabled: true\n");
        // upload purging walks storage at startup and on a timer: pointless for short-lived test registries
        y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        y.append("http:\n  addr: ").append(Json.quote("127.0.0.1:" + port)).append('\n');
        tls.ifPresent(t -> y.append("  tls:\n    certificate: ").append(q(t.certificate()))
                .append("\n    key: ").append(q(t.key())).append('\n'));
        if (htpasswd.isPresent() && token.isPresent()) {
            throw new IllegalArgumentException("registry config: htpasswd and token auth are exclusive");
        }
        htpasswd.ifPresent(h -> y.append("auth:\n  htpasswd:\n    realm: \"kiln-testkit\"\n    path: ")
                .append(q(h)).append('\n'));
        token.ifPresent(t -> y.append("auth:\n  token:\n    realm: ").append(Json.quote(t.realm()))
                .append("\n    service: ").append(Json.quote(t.service()))
                .append("\n    issuer: ").append(Json.quote(t.issuer()))
                .append("\n    rootcertbundle: ").append(q(t.rootCertBundle())).append('\n'));
        return y.toString();
    }

    private static String q(Path p) {
        return Json.quote(p.toAbsolutePath().toString());
    }
}
