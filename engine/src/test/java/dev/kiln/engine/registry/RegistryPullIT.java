package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.image.ImageNotFoundException;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.image.PushedImage;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a real plain-HTTP docker-registry: manifests, indexes, platforms, tags, blobs, errors. */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class RegistryPullIT {

    private static RegistryServer registry;
    private static Vertx vertx;
    private static RegistryClient client;
    private static PushedImage index;
    private static PushedImage docker;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        index = BaseImages.pushBusyboxIndex(registry, "busybox:multi");
        docker = BaseImages.pushBusyboxDocker(registry, "busybox:docker");
        vertx = Vertx.vertx();
        client = RegistryClient.create(vertx, Registries.optionsFor(registry).build(), Keychain.anonymous());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            Await.result(client.close());
        }
        if (vertx != null) {
            Await.result(vertx.close());
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static ImageReference ref(String repoAndTag) {
        return ImageReference.parse(registry.reference(repoAndTag));
    }

    @Test
    void pingAnswersOk() {
        assertThat(Await.result(client.ping(registry.hostPort(), Access.PULL))).isEqualTo(200);
    }

    @Test
    void pullsTheOciIndexWithItsPushedDigest() {
        FetchedManifest m = Await.result(client.pullManifest(ref("busybox:multi")));
        assertThat(m.isIndex()).isTrue();
        assertThat(m.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(m.digest().toString()).isEqualTo(index.digest());
        assertThat(m.index().manifests()).hasSize(2);
    }

    @Test
    void resolvesTheIndexToEachPlatform() {
        for (String arch : List.of("amd64", "arm64")) {
            FetchedManifest m = Await.result(client.pullImageManifest(ref("busybox:multi"), Platform.of("linux", arch)));
            assertThat(m.isIndex()).isFalse();
            Manifest manifest = m.manifest();
            byte[] config = Await.result(client.repository(m.repository(), Access.PULL)
                    .fetchBlob(manifest.config(), 1 << 20));
            assertThat(ImageConfig.parse(config).architecture()).isEqualTo(arch);
        }
    }

    @Test
    void aPlatformTheIndexLacksFailsListingWhatItOffers() {
        Throwable e = Await.failure(client.pullImageManifest(ref("busybox:multi"), Platform.of("linux", "s390x")));
        assertThat(e).isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("pick platform linux/s390x")
                .hasMessageContaining("linux/amd64").hasMessageContaining("linux/arm64");
    }

    @Test
    void pullsTheDockerSchema2Manifest() {
        FetchedManifest m = Await.result(client.pullImageManifest(ref("busybox:docker"), Platform.of("linux", "amd64")));
        assertThat(m.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(m.digest().toString()).isEqualTo(docker.digest());
        assertThat(m.manifest().layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaType.DOCKER_LAYER));
    }

    @Test
    void pullsAManifestByDigest() {
        FetchedManifest m = Await.result(client.pullManifest(ImageReference.parse(docker.byDigest())));
        assertThat(m.digest().toString()).isEqualTo(docker.digest());
    }

    @Test
    void headGivesTheDescriptorAndEmptyForAMissingTag() {
        RemoteRepository repo = client.repository(ref("busybox:docker"), Access.PULL);
        Optional<Descriptor> d = Await.result(repo.manifestDescriptor("docker"));
        assertThat(d).isPresent();
        assertThat(d.get().digest().toString()).isEqualTo(docker.digest());
        assertThat(d.get().mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(Await.result(repo.manifestDescriptor("no-such-tag"))).isEmpty();
    }

    @Test
    void aMissingTagFailsWithATypedErrorNamingActionRepositoryAndTag() {
        Throwable e = Await.failure(client.pullManifest(ref("busybox:nope")));
        assertThat(e).isInstanceOf(RegistryNotFoundException.class)
                .hasMessage("pull manifest nope from " + registry.hostPort()
                        + "/busybox: 404 Not Found: MANIFEST_UNKNOWN: manifest unknown ({\"Tag\":\"nope\"})");
        assertThat(((RegistryHttpException) e).has(RegistryErrorCode.MANIFEST_UNKNOWN)).isTrue();
    }

    @Test
    void tagsOfAMissingRepositoryFailWithNameUnknown() {
        Throwable e = Await.failure(client.repository(ref("nothing/here:1"), Access.PULL).tags());
        assertThat(e).isInstanceOf(RegistryNotFoundException.class)
                .hasMessageStartingWith("list tags of " + registry.hostPort() + "/nothing/here: 404 Not Found: NAME_UNKNOWN");
    }

    @Test
    void downloadsEveryLayerVerifiedIntoPlace(@TempDir Path dir) throws Exception {
        FetchedManifest m = Await.result(client.pullImageManifest(ref("busybox:multi"), Platform.of("linux", "arm64")));
        RemoteRepository repo = client.repository(m.repository(), Access.PULL);
        for (Descriptor layer : m.manifest().layers()) {
            Path target = dir.resolve(layer.digest().encoded());
            Await.result(repo.downloadBlob(layer, target));
            assertThat(Digest.sha256(Files.readAllBytes(target))).isEqualTo(layer.digest());
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void aMissingBlobFailsWithBlobUnknownAndLeavesNoFile(@TempDir Path dir) throws Exception {
        Digest absent = Digest.sha256("not there".getBytes());
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER_GZIP, absent, 9);
        Throwable e = Await.failure(client.repository(ref("busybox:multi"), Access.PULL)
                .downloadBlob(d, dir.resolve("blob")));
        assertThat(e).isInstanceOf(RegistryNotFoundException.class)
                .hasMessageStartingWith("pull blob " + absent + " from " + registry.hostPort() + "/busybox: 404");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void tagsListFollowsPaginationLinks() {
        for (String tag : List.of("a", "b", "c")) {
            BaseImages.pushBusybox(registry, "paged:" + tag);
        }
        // docker-registry 2.8 ignores ?n=; the proxy pages the list with Link headers as the spec describes.
        try (FaultProxy proxy = FaultProxy.start(vertx, registry.port()).paginateTags()) {
            RegistryClient viaProxy = RegistryClient.create(vertx, RegistryOptions.builder()
                    .insecureRegistry(proxy.hostPort()).transport(Registries.fastTransport()).build(), Keychain.anonymous());
            RemoteRepository repo = viaProxy.repository(ImageReference.parse(proxy.hostPort() + "/paged:a"), Access.PULL);
            assertThat(Await.result(repo.tags(1))).containsExactly("a", "b", "c");
            assertThat(proxy.exchanges("GET", "/tags/list")).extracting(FaultProxy.Exchange::uri)
                    .containsExactly("/v2/paged/tags/list?n=1", "/v2/paged/tags/list?last=a&n=1",
                            "/v2/paged/tags/list?last=b&n=1");
            Await.result(viaProxy.close());
        }
        assertThat(Await.result(client.repository(ref("paged:a"), Access.PULL).tags()))
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void anUnreachableRegistryFailsNamingTheAction() {
        RegistryClient offline = RegistryClient.create(vertx, RegistryOptions.builder().insecureRegistry("127.0.0.1:1")
                .transport(Registries.fastTransport()).pullRetries(0).build(), Keychain.anonymous());
        Throwable e = Await.failure(offline.pullManifest(ImageReference.parse("127.0.0.1:1/app:1")));
        assertThat(e).isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("pull manifest 1 from 127.0.0.1:1/app: ");
        assertThat(((RegistryException) e).isTransient()).isTrue();
        assertThatThrownBy(() -> { throw e; }).hasMessageContaining("refused");
        Await.result(offline.close());
    }
}
