package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.image.remote.ImagePusher;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.auth.AuthenticationException;
import dev.kiln.engine.registry.auth.Credential;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.registry.token.JwtAlgorithm;
import dev.kiln.testkit.registry.token.KeyHeader;
import dev.kiln.testkit.registry.token.TokenRequest;
import dev.kiln.testkit.tool.Skopeo;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pulls and pushes against registries that require htpasswd Basic auth or bearer tokens (RS256, ES256). */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI, Tool.HTPASSWD})
class AuthenticatedRegistryIT {

    private static final String USER = "kiln";
    private static final String PASSWORD = "s3cret-Passw0rd";

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    private static RegistryClient client(RegistryServer server, Credential credential) {
        return RegistryClient.create(vertx, Registries.optionsFor(server).build(),
                Keychain.of(Map.of(server.hostPort(), credential)));
    }

    private static void pullAndPush(RegistryServer server, RegistryClient client) {
        BaseImages.pushBusybox(server, "base:1");
        ImageReference base = ImageReference.parse(server.reference("base:1"));
        FetchedManifest m = Await.result(client.pullImageManifest(base, Platform.of("linux", "amd64")));
        assertThat(Await.result(client.repository(base, Access.PULL).fetchBlob(m.manifest().config(), 1 << 20)))
                .isNotEmpty();
        Image image = Mutate.appendLayers(TestImages.image(), List.of(TestImages.layer("auth", "ok\n")));
        Await.result(new ImagePusher(client).push(image, List.of(ImageReference.parse(server.reference("pushed:1")),
                ImageReference.parse(server.reference("pushed/second:1")))));
        String raw = Skopeo.inspectRaw(server, "pushed/second:1");
        assertThat(dev.kiln.engine.oci.Digest.sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(image.digest());
    }

    @Test
    void pullsAndPushesWithBasicCredentials() {
        try (RegistryServer server = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            RegistryClient client = client(server, new Credential.Basic(USER, PASSWORD));
            pullAndPush(server, client);
            Await.result(client.close());
        }
    }

    @Test
    void aPingNeedsNoCredentialsAndReportsThatTheRegistryWantsThem() {
        try (RegistryServer server = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            RegistryClient client = client(server, new Credential.Basic(USER, PASSWORD));
            assertThat(Await.result(client.ping(server.hostPort(), Access.PUSH))).isEqualTo(401);
            Await.result(client.close());
        }
    }

    @Test
    void aWrongPasswordFailsAsDeniedWithoutTheSecret() {
        try (RegistryServer server = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            RegistryClient client = client(server, new Credential.Basic(USER, "wrong-Passw0rd"));
            Throwable e = Await.failure(client.pullManifest(ImageReference.parse(server.reference("app:1"))));
            assertThat(e).isInstanceOf(RegistryDeniedException.class)
                    .hasMessageStartingWith("pull manifest 1 from " + server.hostPort() + "/app: 401 Unauthorized")
                    .hasMessageContaining("UNAUTHORIZED")
                    .hasMessageNotContaining("wrong-Passw0rd");
            Await.result(client.close());
        }
    }

    @Test
    void noCredentialsForABasicRegistryFailsNamingTheRegistry() {
        try (RegistryServer server = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            RegistryClient client = RegistryClient.create(vertx, Registries.optionsFor(server).build(), Keychain.anonymous());
            Throwable e = Await.failure(client.pullManifest(ImageReference.parse(server.reference("app:1"))));
            assertThat(e).isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("pull manifest 1 from " + server.hostPort() + "/app: ")
                    .hasMessageContaining("keychain has none")
                    .hasCauseInstanceOf(AuthenticationException.class);
            Await.result(client.close());
        }
    }

    @ParameterizedTest
    @EnumSource(JwtAlgorithm.class)
    void pullsAndPushesWithBearerTokens(JwtAlgorithm algorithm) {
        for (KeyHeader header : KeyHeader.values()) {
            try (RegistryServer server = RegistryServer.builder().token(algorithm, header).start()) {
                RegistryClient client = client(server, Credential.ANONYMOUS);
                pullAndPush(server, client);
                Await.result(client.close());
            }
        }
    }

    @Test
    void aTokenRegistryMountsWithAPullScopeOnTheSource() {
        try (RegistryServer server = RegistryServer.builder().tokenBasicAuth(USER, PASSWORD).start()) {
            RegistryClient client = client(server, new Credential.Basic(USER, PASSWORD));
            BlobContent blob = BlobContent.of("mount me with a token".getBytes(StandardCharsets.UTF_8));
            RemoteRepository src = client.repository(ImageReference.parse(server.reference("src:1")), Access.PUSH);
            RemoteRepository dst = client.repository(ImageReference.parse(server.reference("dst:1")), Access.PUSH);
            assertThat(Await.result(src.uploadBlob(blob))).isEqualTo(UploadOutcome.UPLOADED);
            assertThat(Await.result(dst.uploadBlob(blob))).isEqualTo(UploadOutcome.MOUNTED);
            List<TokenRequest> requests = server.tokenServer().orElseThrow().requests();
            assertThat(requests).anySatisfy(r -> assertThat(r.scopes())
                    .contains("repository:dst:pull,push", "repository:src:pull"));
            assertThat(requests).allSatisfy(r -> assertThat(r.user()).contains(USER));
            Await.result(client.close());
        }
    }
}
