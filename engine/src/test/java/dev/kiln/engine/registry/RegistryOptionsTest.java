package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.registry.transport.ConnectionSecurity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryOptionsTest {

    @Test
    void verifiedHttpsIsTheDefault() {
        ConnectionSecurity s = RegistryOptions.defaults().security("r.local", Access.PULL);
        assertThat(s).isEqualTo(ConnectionSecurity.verified());
        assertThat(s.scheme()).isEqualTo("https");
    }

    @Test
    void insecureFlagsApplyPerDirectionOrPerRegistry() {
        RegistryOptions pushOnly = RegistryOptions.builder().insecurePush(true).build();
        assertThat(pushOnly.security("r.local", Access.PUSH).plainHttp()).isTrue();
        assertThat(pushOnly.security("r.local", Access.PULL).plainHttp()).isFalse();
        RegistryOptions one = RegistryOptions.builder().insecureRegistry("http://R.local:5000/").build();
        assertThat(one.security("r.local:5000", Access.PULL).plainHttp()).isTrue();
        assertThat(one.security("r.local:5000", Access.PUSH).plainHttp()).isTrue();
        assertThat(one.security("other.local", Access.PUSH).plainHttp()).isFalse();
    }

    @Test
    void skipVerifyFlagsApplyPerDirectionOrPerRegistry() {
        RegistryOptions o = RegistryOptions.builder().skipTlsVerifyPull(true).skipTlsVerifyRegistry("index.docker.io").build();
        assertThat(o.security("r.local", Access.PULL).skipVerify()).isTrue();
        assertThat(o.security("r.local", Access.PUSH).skipVerify()).isFalse();
        assertThat(o.security("docker.io", Access.PUSH).skipVerify()).isTrue();
    }

    @Test
    void certificatesAreKeptPerRegistry() {
        RegistryOptions o = RegistryOptions.builder().registryCertificate("r.local", Path.of("/a.pem"))
                .registryCertificate("r.local", Path.of("/b.pem")).clientCertificate("r.local", Path.of("/c.pem"), Path.of("/k.pem"))
                .build();
        ConnectionSecurity s = o.security("r.local", Access.PUSH);
        assertThat(s.caFiles()).containsExactly(Path.of("/a.pem"), Path.of("/b.pem"));
        assertThat(s.clientCert()).isEqualTo(Path.of("/c.pem"));
        assertThat(s.clientKey()).isEqualTo(Path.of("/k.pem"));
        assertThat(o.security("other", Access.PUSH).caFiles()).isEmpty();
    }

    @Test
    void retriesFollowTheDirection() {
        RegistryOptions o = RegistryOptions.builder().pushRetries(5).pullRetries(1).build();
        assertThat(o.retries(Access.PUSH)).isEqualTo(5);
        assertThat(o.retries(Access.PULL)).isEqualTo(1);
    }

    @Test
    void registryNamesAreNormalised() {
        assertThat(RegistryOptions.normalizeRegistry("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryOptions.normalizeRegistry("registry-1.docker.io")).isEqualTo("docker.io");
        assertThat(RegistryOptions.normalizeRegistry(" Registry.Local:5000 ")).isEqualTo("registry.local:5000");
    }

    @Test
    void certificateFlagsParse() {
        assertThat(RegistryOptions.parseCertificate("my.registry=/etc/ca.pem"))
                .isEqualTo(java.util.Map.entry("my.registry", Path.of("/etc/ca.pem")));
        assertThat(RegistryOptions.parseClientCertificate("my.registry=/c.crt,/c.key").getValue())
                .isEqualTo(new RegistryOptions.ClientCertificate(Path.of("/c.crt"), Path.of("/c.key")));
        assertThatThrownBy(() -> RegistryOptions.parseCertificate("/etc/ca.pem"))
                .hasMessage("invalid registry certificate \"/etc/ca.pem\": expected registry=path/to/ca.pem");
        assertThatThrownBy(() -> RegistryOptions.parseClientCertificate("r=/c.crt"))
                .hasMessage("invalid registry client certificate \"r=/c.crt\": expected registry=path/to/cert.pem,path/to/key.pem");
    }

    @Test
    void badNumbersAreRefused() {
        assertThatThrownBy(() -> RegistryOptions.builder().uploadChunkSize(10).build())
                .hasMessage("registry options: upload chunk size 10 is below the minimum of 1024 bytes");
        assertThatThrownBy(() -> RegistryOptions.builder().parallelism(0).build()).hasMessageContaining("parallelism must be >= 1");
        assertThatThrownBy(() -> RegistryOptions.builder().pushRetries(-1).build()).hasMessageContaining("negative retry count");
    }

    @Test
    void aClientKeyWithoutCertificateIsRefused() {
        assertThatThrownBy(() -> new ConnectionSecurity(false, false, List.of(), null, Path.of("/k")))
                .hasMessageContaining("a key without certificate");
    }
}
