package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.cache.store.RegistryLayerCache;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.image.remote.ImagePusher;
import dev.kiln.engine.image.remote.RemoteImages;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Vertx;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers that name the repository they came from ({@code Layer.mountableFrom}) are mounted into a destination on
 * the same registry ({@code POST ?mount=&from=}), never downloaded nor uploaded, even by a client that has not
 * seen them before; from another registry they are uploaded. Requests are counted by a {@link FaultProxy}.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class CrossRepositoryMountIT {

    private static final Platform AMD64 = Platform.of("linux", "amd64");

    private static RegistryServer registry;
    private static RegistryServer other;
    private static Vertx vertx;
    private FaultProxy proxy;
    private FaultProxy otherProxy;
    private RegistryClient reader;
    private RegistryClient pusher;
    @TempDir
    Path cacheDir;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        other = RegistryServer.startPlain();
        BaseImages.pushBusybox(registry, "origin/busybox:1");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
        registry.close();
        other.close();
    }

    @BeforeEach
    void proxies() {
        proxy = FaultProxy.start(vertx, registry.port());
        otherProxy = FaultProxy.start(vertx, other.port());
        reader = client();
        pusher = client(); // knows nothing the reader learnt: only the layers can say where they are
    }

    @AfterEach
    void close() {
        Await.result(reader.close());
        Await.result(pusher.close());
        proxy.close();
        otherProxy.close();
    }

    private RegistryClient client() {
        RegistryOptions options = Registries.optionsFor(registry, other).insecureRegistry(proxy.hostPort())
                .insecureRegistry(otherProxy.hostPort()).build();
        return RegistryClient.create(vertx, options, Keychain.anonymous());
    }

    private static ImageReference at(FaultProxy p, String repoAndTag) {
        return ImageReference.parse(p.hostPort() + "/" + repoAndTag);
    }

    private static String decoded(FaultProxy.Exchange e) {
        return URLDecoder.decode(e.uri(), StandardCharsets.UTF_8);
    }

    /** Blob uploads to {@code repo} closed with {@code ?digest=<digest>} (monolithic PUTs or the final PUT). */
    private static List<FaultProxy.Exchange> uploadsOf(FaultProxy p, String repo, Digest digest) {
        return p.exchanges("PUT", "/v2/" + repo + "/blobs/uploads/").stream()
                .filter(e -> decoded(e).contains("digest=" + digest)).toList();
    }

    private static List<FaultProxy.Exchange> mounts(FaultProxy p, String repo, Digest digest, String from) {
        return p.exchanges("POST", "/v2/" + repo + "/blobs/uploads/").stream()
                .filter(e -> decoded(e).contains("mount=" + digest) && decoded(e).contains("from=" + from)).toList();
    }

    private void assertComplete(ImageReference ref, Image pushed) {
        RemoteRepository repo = pusher.repository(ref, Access.PULL);
        assertThat(Await.result(repo.manifest(ref.tag())).digest()).isEqualTo(pushed.digest());
        for (Layer l : pushed.layers()) {
            assertThat(Await.result(repo.blobSize(l.digest()))).as("layer " + l.digest()).contains(l.size());
        }
    }

    private static long filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aLayerReadFromAnotherRepositoryOfTheRegistryIsMountedNeitherDownloadedNorUploaded() throws Exception {
        Image base = Await.result(new RemoteImages(reader, cacheDir).image(at(proxy, "origin/busybox:1"), AMD64));
        Layer baseLayer = base.layers().getFirst();
        assertThat(baseLayer.mountableFrom()).contains(new RepositoryName(proxy.hostPort(), "origin/busybox"));
        Layer added = TestImages.layer("etc/added", "new\n");
        Image image = Mutate.appendLayers(base, List.of(added));
        proxy.reset();

        ImageReference dest = at(proxy, "dest/app:1");
        Await.result(new ImagePusher(pusher).push(image, List.of(dest)));

        assertThat(mounts(proxy, "dest/app", baseLayer.digest(), "origin/busybox")).hasSize(1);
        assertThat(proxy.exchanges("GET", "/v2/origin/busybox/blobs/")).isEmpty();
        assertThat(uploadsOf(proxy, "dest/app", baseLayer.digest())).isEmpty();
        assertThat(proxy.exchanges("PATCH", "/blobs/uploads/")).isEmpty();
        assertThat(uploadsOf(proxy, "dest/app", added.digest())).hasSize(1); // the new layer is sent
        assertThat(filesUnder(cacheDir)).isZero();
        assertComplete(dest, image);
    }

    @Test
    void aCacheHitIsMountedFromTheCacheRepositoryIntoTheDestination() throws Exception {
        RepositoryName cacheRepo = new RepositoryName(proxy.hostPort(), "app/cache");
        CacheKey key = new CacheKey(Digest.sha256("mount me".getBytes(StandardCharsets.UTF_8)).encoded());
        Layer stored = TestImages.layer("etc/cached", "from the cache\n");
        Await.result(new RegistryLayerCache(reader, cacheRepo, CacheOptions.DEFAULTS, AMD64, Clock.systemUTC(),
                cacheDir).store(key, Optional.of(stored)));

        Path hitBlobs = cacheDir.resolve("hits");
        RegistryClient prober = client(); // not the pusher, which would otherwise remember where the probe looked
        Layer hit = Await.result(new RegistryLayerCache(prober, cacheRepo, CacheOptions.DEFAULTS, AMD64,
                Clock.systemUTC(), hitBlobs).probe(key)).orElseThrow().layer().orElseThrow();
        Await.result(prober.close());
        Image image = Mutate.appendLayers(TestImages.image(), List.of(hit));
        proxy.reset();

        ImageReference dest = at(proxy, "app:1");
        Await.result(new ImagePusher(pusher).push(image, List.of(dest)));

        assertThat(mounts(proxy, "app", stored.digest(), "app/cache")).hasSize(1);
        assertThat(proxy.exchanges("GET", "/v2/app/cache/blobs/")).isEmpty();
        assertThat(uploadsOf(proxy, "app", stored.digest())).isEmpty();
        assertThat(filesUnder(hitBlobs)).isZero();
        assertComplete(dest, image);
    }

    @Test
    void aLayerFromAnotherRegistryIsDownloadedAndUploadedInstead() {
        Image base = Await.result(new RemoteImages(reader, cacheDir).image(at(proxy, "origin/busybox:1"), AMD64));
        Layer baseLayer = base.layers().getFirst();
        proxy.reset();

        ImageReference dest = at(otherProxy, "dest/app:1");
        Await.result(new ImagePusher(pusher).push(base, List.of(dest)));

        assertThat(otherProxy.exchanges("POST", "/blobs/uploads/")).allSatisfy(e ->
                assertThat(decoded(e)).doesNotContain("mount="));
        assertThat(uploadsOf(otherProxy, "dest/app", baseLayer.digest())).hasSize(1);
        assertThat(proxy.exchanges("GET", "/v2/origin/busybox/blobs/" + baseLayer.digest())).hasSize(1);
        assertComplete(dest, base);
    }
}
