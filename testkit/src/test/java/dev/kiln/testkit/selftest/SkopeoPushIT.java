package dev.kiln.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.image.PushedImage;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.CommandException;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryHttpClient;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.registry.token.JwtAlgorithm;
import dev.kiln.testkit.registry.token.KeyHeader;
import dev.kiln.testkit.registry.token.TokenRequest;
import dev.kiln.testkit.tool.Skopeo;
import java.util.List;
import org.junit.jupiter.api.Test;

@RequiresTools({Tool.DOCKER_REGISTRY, Tool.OPENSSL, Tool.HTPASSWD, Tool.SKOPEO, Tool.UMOCI, Tool.BUSYBOX})
class SkopeoPushIT {

    private static void assertPushed(RegistryServer reg, PushedImage pushed) {
        String raw = Skopeo.inspectRaw(reg, "busybox:latest");
        assertThat(RegistryHttpClient.sha256(raw)).isEqualTo(pushed.digest());
        assertThat(reg.client().manifest("busybox", "latest").digest()).isEqualTo(pushed.digest());
    }

    @Test
    void pushToHtpasswdRegistryUsesTheAuthFile() {
        try (RegistryServer reg = RegistryServer.builder().htpasswd("alice", "push-pw").start()) {
            assertPushed(reg, BaseImages.pushBusybox(reg, "busybox:latest"));
        }
    }

    @Test
    void pushToTlsRegistryVerifiesAgainstTheCertDir() {
        try (RegistryServer reg = RegistryServer.builder().tls().start()) {
            assertPushed(reg, BaseImages.pushBusybox(reg, "busybox:latest"));
        }
    }

    @Test
    void pushToTokenRegistryFetchesAPushScopedToken() {
        try (RegistryServer reg = RegistryServer.builder().tls().token(JwtAlgorithm.ES256, KeyHeader.X5C)
                .tokenBasicAuth("bob", "token-pw").start()) {
            assertPushed(reg, BaseImages.pushBusybox(reg, "busybox:latest"));

            List<TokenRequest> requests = reg.tokenServer().orElseThrow().requests();
            assertThat(requests).isNotEmpty().allSatisfy(r -> {
                assertThat(r.granted()).isTrue();
                assertThat(r.user()).hasValue("bob");
            });
            assertThat(requests).flatExtracting(TokenRequest::scopes).contains("repository:busybox:pull,push");
        }
    }

    @Test
    void pushWithoutCredentialsFailsNamingTheCommandAndTheRegistrysAnswer() {
        try (RegistryServer reg = RegistryServer.builder().htpasswd("alice", "push-pw").start()) {
            String source = "oci:" + BaseImages.busyboxLayout(Arch.AMD64) + ":" + BaseImages.TAG;
            String dest = "docker://" + reg.reference("busybox:latest");

            assertThatThrownBy(() -> Skopeo.copy(source, dest, List.of("--dest-tls-verify=false",
                    "--dest-authfile=" + reg.storageDir().resolve("none.json"))))
                    .isInstanceOf(CommandException.class)
                    .hasMessageStartingWith("run `skopeo copy --quiet --digestfile ")
                    .hasMessageContaining(dest)
                    .hasMessageContaining("exit code 1")
                    .hasMessageContaining("authentication required");
        }
    }
}
