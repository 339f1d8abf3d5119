package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.remote.RemoteImages;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker Hub mirrors and registry maps, against real registries (Docker Hub itself is never reached). */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class MirrorIT {

    private static RegistryServer empty;
    private static RegistryServer mirror;
    private static RegistryServer origin;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        empty = RegistryServer.startPlain();
        mirror = RegistryServer.startPlain();
        origin = RegistryServer.startPlain();
        BaseImages.pushBusybox(mirror, "library/busybox:1");
        BaseImages.pushBusybox(mirror, "hub/library/busybox:2");
        BaseImages.pushBusybox(mirror, "cache/team/app:1");
        BaseImages.pushBusybox(origin, "team/app:1");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
        for (RegistryServer r : new RegistryServer[] {empty, mirror, origin}) {
            if (r != null) {
                r.close();
            }
        }
    }

    private static RegistryClient client(RegistryOptions.Builder b) {
        return RegistryClient.create(vertx, b.insecureRegistry(empty.hostPort()).insecureRegistry(mirror.hostPort())
                .insecureRegistry(origin.hostPort()).transport(Registries.fastTransport()).build(), Keychain.anonymous());
    }

    @Test
    void pullsDockerHubImagesFromTheFirstMirrorThatHasThem(@TempDir Path cache) {
        RegistryClient client = client(RegistryOptions.builder().registryMirror(empty.hostPort())
                .registryMirror(mirror.hostPort()).skipDefaultRegistryFallback(true));
        FetchedManifest m = Await.result(client.pullManifest(ImageReference.parse("busybox:1")));
        assertThat(m.repository()).isEqualTo(new RepositoryName(mirror.hostPort(), "library/busybox"));
        Image image = Await.result(new RemoteImages(client, cache).pull(ImageReference.parse("busybox:1"),
                Platform.of("linux", "amd64")));
        assertThat(image.layers()).isNotEmpty();
        Await.result(client.close());
    }

    @Test
    void aMirrorWithAPathPrefixServesUnderIt() {
        RegistryClient client = client(RegistryOptions.builder().registryMirror(mirror.hostPort() + "/hub")
                .skipDefaultRegistryFallback(true));
        FetchedManifest m = Await.result(client.pullManifest(ImageReference.parse("docker.io/library/busybox:2")));
        assertThat(m.repository()).isEqualTo(new RepositoryName(mirror.hostPort(), "hub/library/busybox"));
        Await.result(client.close());
    }

    @Test
    void withoutFallbackAFailureNamesEveryMirrorTried() {
        RegistryClient client = client(RegistryOptions.builder().registryMirror(empty.hostPort())
                .registryMirror(mirror.hostPort()).skipDefaultRegistryFallback(true));
        Throwable e = Await.failure(client.pullManifest(ImageReference.parse("busybox:missing")));
        assertThat(e).isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("pull manifest missing of docker.io/library/busybox: no source has it (")
                .hasMessageContaining(empty.hostPort() + "/library/busybox: ")
                .hasMessageContaining(mirror.hostPort() + "/library/busybox: ")
                .hasMessageNotContaining("registry-1.docker.io");
        Await.result(client.close());
    }

    @Test
    void aRegistryMapRewritesARepositoryPrefix() {
        RegistryClient client = client(RegistryOptions.builder()
                .registryMap(RegistryMapping.parse(origin.hostPort() + "/team=" + mirror.hostPort() + "/cache/team")));
        FetchedManifest m = Await.result(client.pullManifest(ImageReference.parse(origin.hostPort() + "/team/app:1")));
        assertThat(m.repository()).isEqualTo(new RepositoryName(mirror.hostPort(), "cache/team/app"));
        Await.result(client.close());
    }

    @Test
    void aMapThatLacksTheImageFallsBackToTheOriginal() {
        RegistryClient client = client(RegistryOptions.builder()
                .registryMap(RegistryMapping.parse(origin.hostPort() + "=" + empty.hostPort())));
        FetchedManifest m = Await.result(client.pullManifest(ImageReference.parse(origin.hostPort() + "/team/app:1")));
        assertThat(m.repository()).isEqualTo(new RepositoryName(origin.hostPort(), "team/app"));
        Await.result(client.close());
    }
}
