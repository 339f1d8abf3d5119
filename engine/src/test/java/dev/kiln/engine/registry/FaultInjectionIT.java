package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.FaultProxy.CutAfter;
import dev.kiln.engine.registry.FaultProxy.Corrupt;
import dev.kiln.engine.registry.FaultProxy.Dribble;
import dev.kiln.engine.registry.FaultProxy.Drop;
import dev.kiln.engine.registry.FaultProxy.IgnoreRange;
import dev.kiln.engine.registry.FaultProxy.Stall;
import dev.kiln.engine.registry.FaultProxy.Status;
import dev.kiln.engine.registry.FaultProxy.Truncate;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.engine.registry.transport.RetryPolicy;
import dev.kiln.engine.registry.transport.TransportSettings;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls and pushes through a proxy that breaks things: every operation either succeeds with the right digest
 * or fails cleanly with a typed error, and no partial blob is used or left behind.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class FaultInjectionIT {

    private static final String BLOB = "/v2/busybox/blobs/sha256:";

    private static RegistryServer registry;
    private static Vertx vertx;
    private static FaultProxy proxy;
    private static Descriptor layer;
    private RegistryClient client;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        BaseImages.pushBusybox(registry, "busybox:1");
        vertx = Vertx.vertx();
        proxy = FaultProxy.start(vertx, registry.port());
        RegistryClient direct = RegistryClient.create(vertx, Registries.optionsFor(registry).build(), Keychain.anonymous());
        layer = Await.result(direct.pullImageManifest(ImageReference.parse(registry.reference("busybox:1")),
                Platform.of("linux", "amd64"))).manifest().layers().getFirst();
        Await.result(direct.close());
        assertThat(layer.size()).isGreaterThan(100_000);
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
    void setUp() {
        proxy.reset();
        client = client(RegistryOptions.builder());
    }

    @AfterEach
    void tearDown() throws Exception {
        Await.result(client.close());
        try (Stream<Path> left = Files.walk(dir)) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".partial"))).as("partial files").isEmpty();
        }
    }

    private RegistryClient client(RegistryOptions.Builder b) {
        TransportSettings t = new TransportSettings("kiln/test", RetryPolicy.of(3).withDelays(Duration.ofMillis(10),
                Duration.ofMillis(100)), Duration.ofSeconds(5), Duration.ofMillis(800), 8);
        return RegistryClient.create(vertx, b.insecureRegistry(proxy.hostPort()).transport(t).build(), Keychain.anonymous());
    }

    private static ImageReference viaProxy(String repoAndTag) {
        return ImageReference.parse(proxy.hostPort() + "/" + repoAndTag);
    }

    private Path download(RegistryClient c) {
        Path target = dir.resolve("layer");
        Await.result(c.repository(viaProxy("busybox:1"), Access.PULL).downloadBlob(layer, target));
        return target;
    }

    private static void assertIsTheLayer(Path file) throws Exception {
        assertThat(Files.size(file)).isEqualTo(layer.size());
        assertThat(Digest.sha256(Files.readAllBytes(file))).isEqualTo(layer.digest());
    }

    @Test
    void aBodyResetMidwayIsResumedWithRange() throws Exception {
        proxy.inject("GET", BLOB, new CutAfter(50_000), 1);
        assertIsTheLayer(download(client));
        var gets = proxy.exchanges("GET", BLOB);
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).headers().get("Range")).isNull();
        assertThat(gets.get(1).headers().get("Range")).matches("bytes=[1-9][0-9]*-");
    }

    @Test
    void aTruncatedBodyFromAServerWithoutRangesIsFetchedAgainWhole() throws Exception {
        proxy.inject("GET", BLOB, new Truncate(30_000), 1);
        assertIsTheLayer(download(client));
        var gets = proxy.exchanges("GET", BLOB);
        assertThat(gets).hasSize(2);
        assertThat(gets.get(1).headers().get("Range")).isNull();
    }

    @Test
    void aServerIgnoringTheRangeIsReadFromTheStart() throws Exception {
        proxy.inject("GET", BLOB, new CutAfter(40_000), 1);
        proxy.inject("GET", BLOB, new IgnoreRange(), 1);
        assertIsTheLayer(download(client));
        assertThat(proxy.exchanges("GET", BLOB)).hasSize(2);
    }

    @Test
    void wrongBytesFailWithBothDigestsAndLeaveNoFile() throws Exception {
        proxy.inject("GET", BLOB, new Corrupt(1234), 1);
        Throwable e = Await.failure(client.repository(viaProxy("busybox:1"), Access.PULL)
                .downloadBlob(layer, dir.resolve("layer")));
        assertThat(e).isInstanceOf(DigestMismatchException.class)
                .hasMessageStartingWith("pull blob " + layer.digest() + " from " + proxy.hostPort() + "/busybox: digest mismatch: expected "
                        + layer.digest() + ", got sha256:");
        assertThat(((DigestMismatchException) e).expected()).isEqualTo(layer.digest());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void interruptionsBeyondTheRetryBudgetFailCleanly() throws Exception {
        RegistryClient strict = client(RegistryOptions.builder().pullRetries(1));
        proxy.inject("GET", BLOB, new CutAfter(20_000), 5);
        Throwable e = Await.failure(strict.repository(viaProxy("busybox:1"), Access.PULL)
                .downloadBlob(layer, dir.resolve("layer")));
        assertThat(e).isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("pull blob " + layer.digest() + " from " + proxy.hostPort() + "/busybox: ");
        assertThat(((RegistryException) e).isTransient()).isTrue();
        assertThat(proxy.exchanges("GET", BLOB)).hasSize(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        Await.result(strict.close());
    }

    @Test
    void serverErrorsAreRetried() {
        proxy.inject("GET", "/manifests/", new Status(500, "UNKNOWN", Map.of()), 1);
        proxy.inject("GET", "/manifests/", new Status(502, "UNKNOWN", Map.of()), 1);
        assertThat(Await.result(client.pullManifest(viaProxy("busybox:1"))).digest()).isNotNull();
        assertThat(proxy.exchanges("GET", "/manifests/")).hasSize(3);
    }

    @Test
    void aPersistent503FailsAfterTheRetriesWithTheRegistrysAnswer() {
        proxy.inject("GET", "/manifests/", new Status(503, "UNAVAILABLE", Map.of()), 100);
        Throwable e = Await.failure(client.pullManifest(viaProxy("busybox:1")));
        assertThat(e).isInstanceOf(RegistryHttpException.class)
                .hasMessage("pull manifest 1 from " + proxy.hostPort()
                        + "/busybox: 503 Service Unavailable: UNAVAILABLE: injected");
        assertThat(((RegistryException) e).isTransient()).isTrue();
        assertThat(proxy.exchanges("GET", "/manifests/")).hasSize(4);
    }

    @Test
    void tooManyRequestsWaitsAsToldAndRetries() {
        proxy.inject("HEAD", BLOB, new Status(429, "TOOMANYREQUESTS", Map.of("Retry-After", "1")), 1);
        assertThat(Await.result(client.repository(viaProxy("busybox:1"), Access.PULL).blobSize(layer.digest())))
                .contains(layer.size());
        assertThat(proxy.exchanges("HEAD", BLOB)).hasSize(2);
    }

    @Test
    void aRateLimitThatPersistsIsTyped() {
        RegistryClient strict = client(RegistryOptions.builder().pullRetries(0));
        proxy.inject("GET", "/manifests/", new Status(429, "TOOMANYREQUESTS", Map.of("Retry-After", "0")), 1);
        assertThat(Await.failure(strict.pullManifest(viaProxy("busybox:1"))))
                .isInstanceOf(RegistryRateLimitException.class).hasMessageContaining("429 Too Many Requests");
        Await.result(strict.close());
    }

    @Test
    void aStallLongerThanTheIdleTimeoutIsRetried() {
        proxy.inject("GET", "/manifests/", new Stall(2_000), 1);
        assertThat(Await.result(client.pullManifest(viaProxy("busybox:1"))).digest()).isNotNull();
        assertThat(proxy.exchanges("GET", "/manifests/")).hasSize(2);
    }

    @Test
    void aSlowButSteadyBodyIsNotCutOff() throws Exception {
        proxy.inject("GET", BLOB, new Dribble(256 * 1024, 300), 1);
        assertIsTheLayer(download(client));
        assertThat(proxy.exchanges("GET", BLOB)).hasSize(1);
    }

    private static BlobContent randomBlob(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return BlobContent.of(b);
    }

    @Test
    void aDroppedChunkRestartsTheUpload() {
        RegistryClient chunky = client(RegistryOptions.builder().uploadChunkSize(4096));
        BlobContent blob = randomBlob(4096 * 3 + 7, 11);
        proxy.inject("PATCH", "/v2/up/blobs/uploads/", new Drop(), 1, 1);
        RemoteRepository repo = chunky.repository(viaProxy("up:1"), Access.PUSH);
        assertThat(Await.result(repo.uploadBlob(blob))).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(proxy.exchanges("POST", "/v2/up/blobs/uploads/")).hasSize(2);
        assertThat(Await.result(repo.blobSize(blob.digest()))).contains(blob.size());
        Await.result(chunky.close());
    }

    @Test
    void aMonolithicPutThatFailsRestartsTheUpload() {
        BlobContent blob = randomBlob(10_000, 12);
        proxy.inject("PUT", "/v2/mono/blobs/uploads/", new Status(503, "UNAVAILABLE", Map.of()), 1);
        RemoteRepository repo = client.repository(viaProxy("mono:1"), Access.PUSH);
        assertThat(Await.result(repo.uploadBlob(blob))).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(proxy.exchanges("POST", "/v2/mono/blobs/uploads/")).hasSize(2);
        assertThat(Await.result(repo.blobSize(blob.digest()))).contains(blob.size());
    }

    @Test
    void aManifestPutIsRetriedAfterAServerError() {
        BlobContent config = BlobContent.of("{}".getBytes());
        RemoteRepository repo = client.repository(viaProxy("man:1"), Access.PUSH);
        Await.result(repo.uploadBlob(config));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaType.OCI_CONFIG + "\",\"digest\":\"" + config.digest() + "\",\"size\":2},\"layers\":[]}").getBytes();
        proxy.inject("PUT", "/manifests/", new Status(500, "UNKNOWN", Map.of()), 1);
        assertThat(Await.result(repo.putManifest("1", manifest, MediaType.OCI_MANIFEST)).digest())
                .isEqualTo(Digest.sha256(manifest));
        assertThat(proxy.exchanges("PUT", "/manifests/")).hasSize(2);
    }

    @Test
    void anUploadThatKeepsFailingNamesTheBlobAndRepository() {
        RegistryClient strict = client(RegistryOptions.builder().pushRetries(1));
        BlobContent blob = randomBlob(5_000, 13);
        proxy.inject("PUT", "/v2/fail/blobs/uploads/", new Status(500, "UNKNOWN", Map.of()), 100);
        Throwable e = Await.failure(strict.repository(viaProxy("fail:1"), Access.PUSH).uploadBlob(blob));
        assertThat(e).isInstanceOf(RegistryHttpException.class)
                .hasMessage("push blob " + blob.digest() + " to " + proxy.hostPort()
                        + "/fail: 500 Internal Server Error: UNKNOWN: injected");
        assertThat(proxy.exchanges("POST", "/v2/fail/blobs/uploads/")).hasSize(2);
        Await.result(strict.close());
    }
}
