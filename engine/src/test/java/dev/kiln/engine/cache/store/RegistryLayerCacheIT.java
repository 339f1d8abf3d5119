package dev.kiln.engine.cache.store;

import dev.kiln.testkit.time.ManualClock;
import static dev.kiln.engine.cache.store.Keys.key;
import static dev.kiln.engine.cache.store.Keys.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.cache.CacheEntry;
import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.LayerCompression;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.image.remote.ImagePusher;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.Access;
import dev.kiln.engine.registry.Await;
import dev.kiln.engine.registry.BlobContent;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.Registries;
import dev.kiln.engine.registry.RemoteRepository;
import dev.kiln.engine.registry.auth.Credential;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry layer cache against a real registry: round trips, misses, the TTL, corrupt entries, auth. */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.HTPASSWD})
class RegistryLayerCacheIT {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.25Z");
    private static final Platform AMD64 = Platform.of("linux", "amd64");
    private static final String USER = "kiln";
    private static final String PASSWORD = "Cache-Passw0rd-91";

    private static RegistryServer registry;
    private static Vertx vertx;
    private final ManualClock clock = new ManualClock(T0);
    private RegistryClient client;
    private CapturedLogs logs;
    @TempDir
    Path blobs;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
        registry.close();
    }

    @BeforeEach
    void open() {
        client = client(registry, Credential.ANONYMOUS);
        logs = new CapturedLogs();
    }

    @AfterEach
    void close() {
        logs.close();
        Await.result(client.close());
    }

    private static RegistryClient client(RegistryServer server, Credential credential) {
        return RegistryClient.create(vertx, Registries.optionsFor(server).build(),
                Keychain.of(Map.of(server.hostPort(), credential)));
    }

    private static RepositoryName repo(RegistryServer server, String path) {
        return new RepositoryName(server.hostPort(), path);
    }

    private RegistryLayerCache cache(RegistryClient c, RepositoryName repository, CacheOptions options) {
        return new RegistryLayerCache(c, repository, options, AMD64, clock, blobs);
    }

    private RegistryLayerCache cache(String path) {
        return cache(client, repo(registry, path), CacheOptions.DEFAULTS);
    }

    private static ImageReference tagged(RepositoryName repository, CacheKey key) {
        return new ImageReference(repository.registry(), repository.path(), key.hex(), null);
    }

    @Test
    void aStoredLayerIsAHitWithTheSameDigestsAndCreationTimeWhoseLayerIsLazyAndMountable() throws Exception {
        RegistryLayerCache cache = cache("app/cache");
        Layer layer = layer("etc/motd", "cached\n", LayerCompression.gzip());
        Await.result(cache.store(key("round-trip"), Optional.of(layer)));
        clock.advance(Duration.ofMinutes(1));

        CacheEntry hit = Await.result(cache.probe(key("round-trip"))).orElseThrow();
        assertThat(hit.created()).isEqualTo(T0);
        Layer cached = hit.layer().orElseThrow();
        assertThat(cached.digest()).isEqualTo(layer.digest());
        assertThat(cached.diffId()).isEqualTo(layer.diffId());
        assertThat(cached.mountableFrom()).contains(repo(registry, "app/cache"));
        assertThat(blobs).isEmptyDirectory(); // the probe fetched no layer

        byte[] tar = vertx.executeBlocking(() -> {
            try (InputStream in = cached.openUncompressed()) {
                return in.readAllBytes();
            }
        }).toCompletionStage().toCompletableFuture().get();
        assertThat(tar).isEqualTo(Keys.tar("etc/motd", "cached\n"));
        assertThat(Files.exists(blobs.resolve("blobs/sha256/" + layer.digest().encoded()))).isTrue();
        assertThat(logs.warnings()).isEmpty();
    }

    @Test
    void aZstdLayerRoundTrips() {
        RegistryLayerCache cache = cache("app/cache");
        Layer layer = layer("z", "zstd\n", LayerCompression.zstd());
        Await.result(cache.store(key("zstd"), Optional.of(layer)));
        Layer cached = Await.result(cache.probe(key("zstd"))).orElseThrow().layer().orElseThrow();
        assertThat(cached.digest()).isEqualTo(layer.digest());
        assertThat(cached.mediaType()).isEqualTo(MediaType.OCI_LAYER_ZSTD);
    }

    @Test
    void aStepWithoutALayerIsAHitWithoutALayer() {
        RegistryLayerCache cache = cache("app/cache");
        Await.result(cache.store(key("no-layer"), Optional.empty()));
        CacheEntry hit = Await.result(cache.probe(key("no-layer"))).orElseThrow();
        assertThat(hit.layer()).isEmpty();
        assertThat(hit.created()).isEqualTo(T0);
    }

    @Test
    void anAbsentKeyIsAQuietMissInAnExistingAndInAMissingRepository() {
        Await.result(cache("app/cache").store(key("present"), Optional.empty()));
        assertThat(Await.result(cache("app/cache").probe(key("absent")))).isEmpty();
        assertThat(Await.result(cache("never/pushed").probe(key("absent")))).isEmpty();
        assertThat(logs.warnings()).isEmpty();
    }

    @Test
    void anEntryOlderThanTheTtlIsAMiss() {
        RegistryLayerCache cache = cache(client, repo(registry, "ttl/cache"), CacheOptions.DEFAULTS.withTtl(Duration.ofHours(1)));
        Await.result(cache.store(key("ttl"), Optional.of(layer("a", "1", LayerCompression.gzip()))));
        clock.advance(Duration.ofHours(1));
        assertThat(Await.result(cache.probe(key("ttl")))).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(Await.result(cache.probe(key("ttl")))).isEmpty();
        assertThat(logs.warnings()).as("an expired entry is a normal miss, logged at INFO").isEmpty();
    }

    @Test
    void anImageThatIsNotACacheEntryUnderTheKeyIsAMissWithAWarning() {
        RepositoryName repository = repo(registry, "corrupt/foreign");
        Image foreign = Mutate.appendLayers(Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI),
                List.of(layer("x", "y", LayerCompression.gzip())));
        Await.result(new ImagePusher(client).push(foreign, List.of(tagged(repository, key("foreign")))));
        assertThat(Await.result(cache(client, repository, CacheOptions.DEFAULTS).probe(key("foreign")))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString()
                .contains(key("foreign").shortForm(), repository.toString(), "not a cache entry");
    }

    @Test
    void anImageWithTwoLayersUnderTheKeyIsAMissWithAWarning() {
        RepositoryName repository = repo(registry, "corrupt/two");
        Await.result(new ImagePusher(client).push(TestImages.image(), List.of(tagged(repository, key("two")))));
        assertThat(Await.result(cache(client, repository, CacheOptions.DEFAULTS).probe(key("two")))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString().contains("2 layers");
    }

    @Test
    void anIndexUnderTheKeyIsAMissWithAWarning() {
        RepositoryName repository = repo(registry, "corrupt/index");
        Await.result(new ImagePusher(client).push(Mutate.index(ImageFormat.OCI, List.of(TestImages.image())),
                List.of(tagged(repository, key("index")))));
        assertThat(Await.result(cache(client, repository, CacheOptions.DEFAULTS).probe(key("index")))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString()
                .contains(key("index").shortForm(), repository.toString(), "it is an index");
    }

    @Test
    void anEntryWithAGarbageConfigIsAMissWithAWarning() {
        RepositoryName repository = repo(registry, "corrupt/config");
        RemoteRepository remote = client.repository(repository, Access.PUSH);
        byte[] config = "garbage, not JSON".getBytes(StandardCharsets.UTF_8);
        Await.result(remote.uploadBlob(BlobContent.of(config)));
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST,
                Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(config), config.length), List.of()).toBytes();
        Await.result(remote.putManifest(key("config").hex(), manifest, MediaType.OCI_MANIFEST));
        assertThat(Await.result(cache(client, repository, CacheOptions.DEFAULTS).probe(key("config")))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString().contains(key("config").shortForm(), "unreadable");
    }

    @Test
    void anEntryCopiedUnderAnotherKeyIsAMissWithAWarning() {
        RepositoryName repository = repo(registry, "corrupt/copied");
        RegistryLayerCache cache = cache(client, repository, CacheOptions.DEFAULTS);
        Await.result(cache.store(key("original"), Optional.empty()));
        RemoteRepository remote = client.repository(repository, Access.PUSH);
        byte[] raw = Await.result(remote.manifest(key("original").hex())).raw();
        Await.result(remote.putManifest(key("copy").hex(), raw, MediaType.OCI_MANIFEST));
        assertThat(Await.result(cache.probe(key("copy")))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString()
                .contains("labelled for key " + key("original").hex());
    }

    @Test
    void withoutPushStoresPushNothing() {
        RepositoryName repository = repo(registry, "readonly/cache");
        RegistryLayerCache cache = cache(client, repository, CacheOptions.DEFAULTS.withPush(false));
        Await.result(cache.store(key("ro"), Optional.of(layer("a", "1", LayerCompression.gzip()))));
        assertThat(Await.result(cache("readonly/cache").probe(key("ro")))).isEmpty();
    }

    @Test
    void aCacheBehindHtpasswdStoresAndHitsAndAWrongPasswordIsAMissWithoutTheSecret() {
        try (RegistryServer secured = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            RegistryClient basic = client(secured, new Credential.Basic(USER, PASSWORD));
            RepositoryName repository = repo(secured, "app/cache");
            Layer layer = layer("b", "basic\n", LayerCompression.gzip());
            Await.result(cache(basic, repository, CacheOptions.DEFAULTS).store(key("basic"), Optional.of(layer)));
            assertThat(Await.result(cache(basic, repository, CacheOptions.DEFAULTS).probe(key("basic")))
                    .orElseThrow().layer().orElseThrow().digest()).isEqualTo(layer.digest());
            Await.result(basic.close());

            RegistryClient wrong = client(secured, new Credential.Basic(USER, "Wrong-Passw0rd-17"));
            RegistryLayerCache denied = cache(wrong, repository, CacheOptions.DEFAULTS);
            assertThat(Await.result(denied.probe(key("basic")))).isEmpty();
            assertThat(logs.warnings()).singleElement().asString()
                    .contains(key("basic").shortForm(), repository.toString(), "401")
                    .doesNotContain("Wrong-Passw0rd-17");
            Throwable failed = Await.failure(denied.store(key("basic2"), Optional.empty()));
            assertThat(failed).isInstanceOf(LayerCacheException.class)
                    .hasMessageStartingWith("store cache entry " + key("basic2").shortForm() + " in " + repository + ": ")
                    .hasMessageNotContaining("Wrong-Passw0rd-17");
            Await.result(wrong.close());
        }
    }

    @Test
    void aCacheBehindTokenAuthStoresAndHits() {
        try (RegistryServer secured = RegistryServer.builder().token().start()) {
            RegistryClient bearer = client(secured, Credential.ANONYMOUS);
            RepositoryName repository = repo(secured, "team/app/cache");
            Layer layer = layer("t", "token\n", LayerCompression.gzip());
            RegistryLayerCache cache = cache(bearer, repository, CacheOptions.DEFAULTS);
            Await.result(cache.store(key("token"), Optional.of(layer)));
            assertThat(Await.result(cache.probe(key("token"))).orElseThrow().layer().orElseThrow().digest())
                    .isEqualTo(layer.digest());
            assertThat(Await.result(cache.probe(key("absent")))).isEmpty();
            assertThat(logs.warnings()).isEmpty();
            Await.result(bearer.close());
        }
    }

    @Test
    void anUnreachableRegistryIsAMissWithAWarning() {
        RegistryServer gone = RegistryServer.startPlain();
        RegistryClient c = client(gone, Credential.ANONYMOUS);
        gone.close();
        RepositoryName repository = repo(gone, "app/cache");
        assertThat(Await.result(cache(c, repository, CacheOptions.DEFAULTS).probe(key("x")))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString().contains(key("x").shortForm(), repository.toString());
        Await.result(c.close());
    }

    @Test
    void describeNamesTheRepository() {
        assertThat(cache("app/cache").describe()).isEqualTo(registry.hostPort() + "/app/cache");
    }
}
