package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.remote.ImagePusher;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tls.TestCertificateAuthority;
import dev.kiln.testkit.tool.Skopeo;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS: the testkit CA trusted per registry, verification on by default, skip-verify and insecure per direction, client certificates. */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI, Tool.OPENSSL})
class TlsRegistryIT {

    private static RegistryServer registry;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().tls().start();
        BaseImages.pushBusybox(registry, "base:1");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            Await.result(vertx.close());
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static RegistryClient client(RegistryOptions.Builder options) {
        return RegistryClient.create(vertx, options.transport(Registries.fastTransport()).build(), Keychain.anonymous());
    }

    private static ImageReference ref(String repoAndTag) {
        return ImageReference.parse(registry.reference(repoAndTag));
    }

    @Test
    void pullsAndPushesTrustingTheRegistryCertificate() {
        RegistryClient client = client(RegistryOptions.builder().registryCertificate(registry.hostPort(),
                registry.caPem().orElseThrow()));
        assertThat(Await.result(client.pullManifest(ref("base:1"))).isIndex()).isFalse();
        var image = TestImages.image();
        Await.result(new ImagePusher(client).push(image, List.of(ref("pushed:tls"))));
        assertThat(Digest.sha256(Skopeo.inspectRaw(registry, "pushed:tls").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(image.digest());
        Await.result(client.close());
    }

    @Test
    void anUntrustedCertificateFailsWithoutRetrying() {
        RegistryClient client = client(RegistryOptions.builder());
        Throwable e = Await.failure(client.pullManifest(ref("base:1")));
        assertThat(e).isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("pull manifest 1 from " + registry.hostPort() + "/base: ");
        assertThat(((RegistryException) e).isTransient()).isFalse();
        Await.result(client.close());
    }

    @Test
    void skipTlsVerifyForPullsAppliesToPullsOnly() {
        RegistryClient client = client(RegistryOptions.builder().skipTlsVerifyPull(true));
        assertThat(Await.result(client.pullManifest(ref("base:1"))).digest()).isNotNull();
        Throwable e = Await.failure(client.repository(ref("pushonly:1"), Access.PUSH)
                .uploadBlob(BlobContent.of(new byte[] {1, 2, 3})));
        assertThat(e).isInstanceOf(RegistryException.class).hasMessageContaining(registry.hostPort() + "/pushonly");
        Await.result(client.close());
    }

    @Test
    void skipTlsVerifyForOneRegistryAppliesBothWays() {
        RegistryClient client = client(RegistryOptions.builder().skipTlsVerifyRegistry(registry.hostPort()));
        assertThat(Await.result(client.pullManifest(ref("base:1"))).digest()).isNotNull();
        assertThat(Await.result(client.repository(ref("skipped:1"), Access.PUSH)
                .uploadBlob(BlobContent.of(new byte[] {4, 5, 6})))).isEqualTo(UploadOutcome.UPLOADED);
        Await.result(client.close());
    }

    @Test
    void plainHttpToATlsRegistryFailsClearly() {
        RegistryClient client = client(RegistryOptions.builder().insecurePull(true));
        Throwable e = Await.failure(client.pullManifest(ref("base:1")));
        assertThat(e).isInstanceOf(RegistryHttpException.class)
                .hasMessageStartingWith("pull manifest 1 from " + registry.hostPort() + "/base: 400");
        Await.result(client.close());
    }

    @Test
    void aBrokenCaFileFailsNamingTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("not-a-ca.pem");
        Files.writeString(bad, "hello\n");
        RegistryClient client = client(RegistryOptions.builder().registryCertificate(registry.hostPort(), bad));
        Throwable e = Await.failure(client.pullManifest(ref("base:1")));
        assertThat(e).hasMessageContaining("connect to " + registry.hostPort()).hasMessageContaining(bad.toString());
        Await.result(client.close());
    }

    @Test
    void presentsTheConfiguredClientCertificate(@TempDir Path dir) {
        TestCertificateAuthority serverCa = TestCertificateAuthority.create(dir.resolve("server"));
        TestCertificateAuthority clientCa = TestCertificateAuthority.create(dir.resolve("client-ca"));
        Path clientDir = dir.resolve("client-ca");
        Command openssl = Command.of(Tool.OPENSSL).in(clientDir);
        openssl.args("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "client.key",
                "-out", "client.csr", "-subj", "/CN=kiln-client").check();
        openssl.args("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.pem", "-days", "1").check();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(serverCa.serverCertificate().toString())
                        .setKeyPath(serverCa.serverKey().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(clientCa.caPem().toString()))
                .setClientAuth(ClientAuth.REQUIRED))
                .requestHandler(req -> req.response().setStatusCode(200).end("{}"));
        Await.result(server.listen(0, "127.0.0.1"));
        String host = "127.0.0.1:" + server.actualPort();
        try {
            RegistryClient withCert = client(RegistryOptions.builder().registryCertificate(host, serverCa.caPem())
                    .clientCertificate(host, clientDir.resolve("client.pem"), clientDir.resolve("client.key")));
            assertThat(Await.result(withCert.ping(host, Access.PULL))).isEqualTo(200);
            Await.result(withCert.close());
            RegistryClient without = client(RegistryOptions.builder().registryCertificate(host, serverCa.caPem()));
            assertThat(Await.failure(without.ping(host, Access.PULL))).isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("ping registry " + host + ": ");
            Await.result(without.close());
        } finally {
            Await.result(server.close());
        }
    }
}
