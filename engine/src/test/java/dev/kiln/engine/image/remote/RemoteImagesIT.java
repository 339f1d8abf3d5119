package dev.kiln.engine.image.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.Await;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.Registries;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Skopeo;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry-backed {@link Image} and {@link ImageIndex} views: lazy layers, the cache, pulls, pushes that mount. */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class RemoteImagesIT {

    private static RegistryServer registry;
    private static Vertx vertx;
    private RegistryClient client;
    @TempDir
    Path cache;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        BaseImages.pushBusyboxIndex(registry, "busybox:multi");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
        registry.close();
    }

    @BeforeEach
    void newClient() {
        client = RegistryClient.create(vertx, Registries.optionsFor(registry).build(), Keychain.anonymous());
    }

    @AfterEach
    void closeClient() {
        Await.result(client.close());
    }

    private static ImageReference ref(String repoAndTag) {
        return ImageReference.parse(registry.reference(repoAndTag));
    }

    private static List<String> entries(Layer layer) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = layer.openUncompressed(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return names;
    }

    @Test
    void aRemoteImageReadsItsLayersWhenOpened() throws Exception {
        RemoteImages images = new RemoteImages(client, cache);
        Image image = Await.result(images.image(ref("busybox:multi"), Platform.of("linux", "amd64")));
        assertThat(image.config().architecture()).isEqualTo("amd64");
        Layer layer = image.layers().getFirst();
        RemoteBlobSource source = images.source(ref("busybox:multi").context());
        assertThat(source.cachePath(layer.digest())).doesNotExist();
        assertThat(entries(layer)).anyMatch(n -> n.endsWith("bin/busybox"));
        assertThat(source.cachePath(layer.digest())).exists();
    }

    @Test
    void aLargeLayerOpenedFromAVirtualThreadDownloadsWithoutStalling() throws Exception {
        // 40 MB that gzip cannot shrink: far more than the file's write queue, so the response must be paused and
        // resumed many times while it is written. Opened off any Vert.x context, as extraction does.
        byte[] noise = new byte[40 << 20];
        new java.util.Random(42).nextBytes(noise);
        String content = java.util.Base64.getEncoder().encodeToString(noise);
        Image big = dev.kiln.engine.image.mutate.Mutate.appendLayers(dev.kiln.engine.image.mutate.Mutate.empty(
                dev.kiln.engine.image.TestImages.config(Platform.of("linux", "amd64")),
                dev.kiln.engine.image.mutate.ImageFormat.OCI),
                List.of(dev.kiln.engine.image.TestImages.layer("noise.txt", content)));
        Await.result(new ImagePusher(client).push(big, List.of(ref("big:1"))));

        RemoteImages images = new RemoteImages(client, cache);
        Image image = Await.result(images.image(ref("big:1"), Platform.of("linux", "amd64")));
        Layer layer = image.layers().getFirst();
        java.util.concurrent.CompletableFuture<List<String>> read = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                read.complete(entries(layer));
            } catch (Throwable t) {
                read.completeExceptionally(t);
            }
        });
        assertThat(read.get()).containsExactly("noise.txt");
        assertThat(images.source(ref("big:1").context()).cachePath(layer.digest())).hasSize(layer.size());
    }

    @Test
    void pullDownloadsEveryLayerBeforeItCompletes() {
        RemoteImages images = new RemoteImages(client, cache);
        Image image = Await.result(images.pull(ref("busybox:multi"), Platform.of("linux", "arm64")));
        RemoteBlobSource source = images.source(ref("busybox:multi").context());
        assertThat(image.layers()).allSatisfy(l -> assertThat(source.cachePath(l.digest())).exists());
        assertThat(image.config().architecture()).isEqualTo("arm64");
    }

    @Test
    void aRemoteIndexGivesEachPlatformsImage() {
        ImageIndex index = Await.result(new RemoteImages(client, cache).index(ref("busybox:multi")));
        assertThat(index.indexManifest().manifests()).hasSize(2);
        assertThat(index.imageFor(Platform.of("linux", "arm64")).config().architecture()).isEqualTo("arm64");
    }

    @Test
    void openingABlobOnAnEventLoopIsRefused() {
        RemoteImages images = new RemoteImages(client, cache);
        Image image = Await.result(images.image(ref("busybox:multi"), Platform.of("linux", "amd64")));
        Layer layer = image.layers().getFirst();
        Promise<Throwable> seen = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                layer.openCompressed().close();
                seen.complete(null);
            } catch (Throwable t) {
                seen.complete(t);
            }
        });
        assertThat(Await.result(seen.future())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("blocking call on a Vert.x event loop");
    }

    @Test
    void aCachedBlobChangedBehindOurBackIsDetected() throws Exception {
        RemoteImages images = new RemoteImages(client, cache);
        Image image = Await.result(images.pull(ref("busybox:multi"), Platform.of("linux", "amd64")));
        Layer layer = image.layers().getFirst();
        Path cached = images.source(ref("busybox:multi").context()).cachePath(layer.digest());
        byte[] bytes = Files.readAllBytes(cached);
        bytes[bytes.length / 2] ^= 1;
        Files.write(cached, bytes);
        assertThatThrownBy(() -> {
            try (InputStream in = layer.openCompressed()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void pushingARemoteImageToAnotherRepositoryMountsItsBlobs() {
        Image image = Await.result(new RemoteImages(client, cache).image(ref("busybox:multi"), Platform.of("linux", "amd64")));
        Await.result(new ImagePusher(client).push(image, List.of(ref("copied:1"))));
        String raw = Skopeo.inspectRaw(registry, "copied:1");
        assertThat(dev.kiln.engine.oci.Digest.sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(image.digest());
        // every blob was mounted from busybox: no layer was downloaded for the push
        assertThat(images(cache)).isEmpty();
    }

    private static List<Path> images(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
