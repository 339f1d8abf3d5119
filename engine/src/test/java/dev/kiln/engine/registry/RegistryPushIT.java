package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.LayerCompression;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.image.remote.ImagePusher;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Skopeo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a real docker-registry through a recording proxy, checked with skopeo. */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO})
class RegistryPushIT {

    private static RegistryServer registry;
    private static Vertx vertx;
    private static FaultProxy proxy;
    private RegistryClient client;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        vertx = Vertx.vertx();
        proxy = FaultProxy.start(vertx, registry.port());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (vertx != null) {
            Await.result(vertx.close());
        }
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void newClient() {
        proxy.reset();
        client = clientWith(RegistryOptions.builder());
    }

    @AfterEach
    void closeClient() {
        Await.result(client.close());
    }

    private RegistryClient clientWith(RegistryOptions.Builder b) {
        return RegistryClient.create(vertx, b.insecureRegistry(proxy.hostPort()).transport(Registries.fastTransport())
                .build(), Keychain.anonymous());
    }

    private static ImageReference viaProxy(String repoAndTag) {
        return ImageReference.parse(proxy.hostPort() + "/" + repoAndTag);
    }

    private static String sha256(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void pushesAnImageToTwoDestinationsThatSkopeoReads() {
        Image image = Mutate.appendLayers(TestImages.image(), List.of(TestImages.layer("app/hello", "hello\n")));
        Descriptor pushed = Await.result(new ImagePusher(client)
                .push(image, List.of(viaProxy("app:one"), viaProxy("copy/app:two"))));
        assertThat(pushed.digest()).isEqualTo(image.digest());
        for (String ref : List.of("app:one", "copy/app:two")) {
            assertThat(sha256(Skopeo.inspectRaw(registry, ref))).isEqualTo(image.digest().toString());
            JsonObject inspected = new JsonObject(Skopeo.inspect(registry, ref));
            assertThat(inspected.getString("Digest")).isEqualTo(image.digest().toString());
            assertThat(inspected.getJsonArray("Layers")).hasSize(3);
            assertThat(inspected.getString("Architecture")).isEqualTo("amd64");
        }
        // the second repository mounted every blob from the first instead of uploading it again
        assertThat(proxy.exchanges("POST", "/v2/copy/app/blobs/uploads/"))
                .hasSize(4).allSatisfy(e -> assertThat(e.uri()).contains("mount=").contains("from=app"));
        assertThat(proxy.exchanges("PUT", "/v2/copy/app/blobs/uploads/")).isEmpty();
    }

    @Test
    void pushesADockerFormatImageUnderItsDigestToo() {
        Image image = Mutate.mediaTypes(TestImages.image(), ImageFormat.DOCKER);
        ImageReference byDigest = new ImageReference(proxy.hostPort(), "dockerfmt", null, image.digest());
        Await.result(new ImagePusher(client).push(image, List.of(viaProxy("dockerfmt:v2"), byDigest)));
        JsonObject raw = new JsonObject(Skopeo.inspectRaw(registry, "dockerfmt:v2"));
        assertThat(raw.getString("mediaType")).isEqualTo(MediaType.DOCKER_MANIFEST.value());
        assertThat(sha256(Skopeo.inspectRaw(registry, "dockerfmt@" + image.digest()))).isEqualTo(image.digest().toString());
    }

    @Test
    void aDestinationPinnedToAnotherDigestIsRefused() {
        Image image = TestImages.image();
        ImageReference wrong = new ImageReference(proxy.hostPort(), "pinned", null, Digest.sha256(new byte[1]));
        Throwable e = Await.failure(new ImagePusher(client).push(image, List.of(wrong)));
        assertThat(e).isInstanceOf(RegistryException.class).hasMessageContaining("names another digest than the pushed "
                + image.digest());
    }

    @Test
    void pushesAnIndexOfTwoPlatformsToTwoDestinations() {
        Image amd = TestImages.image(Platform.of("linux", "amd64"), ImageFormat.OCI);
        Image arm = TestImages.image(Platform.of("linux", "arm64"), ImageFormat.OCI);
        ImageIndex index = Mutate.index(ImageFormat.OCI, List.of(amd, arm));
        Await.result(new ImagePusher(client).push(index, List.of(viaProxy("multi:1"), viaProxy("multi2:1"))));
        for (String repo : List.of("multi", "multi2")) {
            assertThat(sha256(Skopeo.inspectRaw(registry, repo + ":1"))).isEqualTo(index.digest().toString());
            assertThat(sha256(Skopeo.inspectRaw(registry, repo + "@" + arm.digest()))).isEqualTo(arm.digest().toString());
            JsonObject config = new JsonObject(Skopeo.inspect(registry, repo + ":1", "--override-arch", "arm64", "--config"));
            assertThat(config.getString("architecture")).isEqualTo("arm64");
        }
    }

    @Test
    void mountsABlobKnownInAnotherRepository() {
        BlobContent blob = BlobContent.of(random(2000, 1));
        RemoteRepository first = client.repository(viaProxy("mount/src:x"), Access.PUSH);
        RemoteRepository second = client.repository(viaProxy("mount/dst:x"), Access.PUSH);
        assertThat(Await.result(first.uploadBlob(blob))).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(Await.result(second.uploadBlob(blob))).isEqualTo(UploadOutcome.MOUNTED);
        assertThat(Await.result(second.blobSize(blob.digest()))).contains(2000L);
    }

    @Test
    void uploadsWhenTheRegistryRefusesTheMount() {
        BlobContent blob = BlobContent.of(random(3000, 2));
        RemoteRepository target = client.repository(viaProxy("refused/dst:x"), Access.PUSH);
        RepositoryName nowhere = viaProxy("refused/empty:x").context();
        assertThat(Await.result(target.uploadBlob(blob, nowhere))).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(proxy.exchanges("POST", "/v2/refused/dst/blobs/uploads/")).hasSize(1);
        assertThat(Await.result(target.blobSize(blob.digest()))).contains(3000L);
    }

    @Test
    void uploadsLargeBlobsInChunksOfTheConfiguredSize(@TempDir Path dir) throws Exception {
        RegistryClient chunky = clientWith(RegistryOptions.builder().uploadChunkSize(4096));
        byte[] bytes = random(4096 * 4 + 100, 3);
        Path file = dir.resolve("blob");
        Files.write(file, bytes);
        BlobContent blob = BlobContent.ofFile(file, Digest.sha256(bytes), bytes.length);
        RemoteRepository repo = chunky.repository(viaProxy("chunked:x"), Access.PUSH);
        assertThat(Await.result(repo.uploadBlob(blob))).isEqualTo(UploadOutcome.UPLOADED);
        List<FaultProxy.Exchange> patches = proxy.exchanges("PATCH", "/v2/chunked/blobs/uploads/");
        assertThat(patches).extracting(e -> e.headers().get("Content-Range"))
                .containsExactly("0-4095", "4096-8191", "8192-12287", "12288-16383", "16384-16483");
        assertThat(proxy.exchanges("PUT", "/v2/chunked/blobs/uploads/")).singleElement()
                .satisfies(e -> assertThat(e.headers().get("Content-Length")).isEqualTo("0"));
        Path back = dir.resolve("back");
        Await.result(repo.downloadBlob(Descriptor.of(MediaType.OCI_LAYER, blob.digest(), bytes.length), back));
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
        Await.result(chunky.close());
    }

    @Test
    void aSmallBlobGoesInOnePut() {
        BlobContent blob = BlobContent.of(random(1000, 4));
        Await.result(client.repository(viaProxy("mono:x"), Access.PUSH).uploadBlob(blob));
        assertThat(proxy.exchanges("PATCH", "/v2/mono/")).isEmpty();
        assertThat(proxy.exchanges("PUT", "/v2/mono/blobs/uploads/")).singleElement()
                .satisfies(e -> assertThat(e.headers().get("Content-Length")).isEqualTo("1000"));
    }

    @Test
    void concurrentUploadsOfOneBlobShareOneUpload() {
        BlobContent blob = BlobContent.of(random(5000, 5));
        List<Future<UploadOutcome>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(client.repository(viaProxy("dedup:x"), Access.PUSH).uploadBlob(blob));
        }
        Await.result(Future.all(all));
        assertThat(all).allSatisfy(f -> assertThat(f.result()).isEqualTo(UploadOutcome.UPLOADED));
        assertThat(proxy.exchanges("POST", "/v2/dedup/blobs/uploads/")).hasSize(1);
    }

    @Test
    void aBlobAlreadyThereIsNotSentAgain() {
        BlobContent blob = BlobContent.of(random(700, 6));
        Await.result(client.repository(viaProxy("exists:x"), Access.PUSH).uploadBlob(blob));
        RegistryClient fresh = clientWith(RegistryOptions.builder());
        assertThat(Await.result(fresh.repository(viaProxy("exists:x"), Access.PUSH).uploadBlob(blob)))
                .isEqualTo(UploadOutcome.EXISTED);
        assertThat(proxy.exchanges("POST", "/v2/exists/blobs/uploads/")).hasSize(1);
        Await.result(fresh.close());
    }

    @Test
    void aNewSmallBlobIsSentWithoutAskingALargeOneIsAskedFor() {
        BlobContent small = BlobContent.of(random((int) RemoteRepository.NEW_BLOB_PROBE_MIN, 8));
        BlobContent large = BlobContent.of(random((int) RemoteRepository.NEW_BLOB_PROBE_MIN + 1, 9));
        RemoteRepository repo = client.repository(viaProxy("fresh:x"), Access.PUSH);
        assertThat(Await.result(repo.uploadNewBlob(small))).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(Await.result(repo.uploadNewBlob(large))).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(proxy.exchanges("HEAD", "/v2/fresh/blobs/" + small.digest())).isEmpty();
        assertThat(proxy.exchanges("HEAD", "/v2/fresh/blobs/" + large.digest())).hasSize(1);
        // sent again by a fresh client (no memory of the first upload): still correct, the registry keeps one copy
        RegistryClient fresh = clientWith(RegistryOptions.builder());
        assertThat(Await.result(fresh.repository(viaProxy("fresh:x"), Access.PUSH).uploadNewBlob(small)))
                .isEqualTo(UploadOutcome.UPLOADED);
        assertThat(Await.result(fresh.repository(viaProxy("fresh:x"), Access.PUSH).blobSize(small.digest())))
                .contains(small.size());
        Await.result(fresh.close());
    }

    @Test
    void aManifestWhoseBlobsAreMissingFailsWithManifestBlobUnknown() {
        Image image = Mutate.appendLayers(TestImages.image(), List.of(Layers.fromTarBytes(
                TestImages.tar(Map.of("x", "y")), LayerCompression.gzip())));
        RemoteRepository repo = client.repository(viaProxy("orphan:1"), Access.PUSH);
        Throwable e = Await.failure(repo.putManifest("1", image.rawManifest(), image.mediaType()));
        assertThat(e).isInstanceOf(RegistryHttpException.class)
                .hasMessageStartingWith("push manifest 1 to " + proxy.hostPort() + "/orphan: 400 Bad Request: ")
                .hasMessageContaining("BLOB_UNKNOWN");
    }
}
