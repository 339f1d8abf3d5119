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
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.registry.Await;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code oci:} layer cache: round trips, concurrent stores, the TTL and corrupt entries. */
class OciLayoutLayerCacheTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.5Z");
    private static final Platform AMD64 = Platform.of("linux", "amd64");

    private Vertx vertx;
    private CapturedLogs logs;
    private final ManualClock clock = new ManualClock(T0);
    @TempDir
    Path dir;
    private Path layoutDir;
    private OciLayoutLayerCache cache;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        logs = new CapturedLogs();
        layoutDir = dir.resolve("cache");
        cache = cache(CacheOptions.DEFAULTS);
    }

    @AfterEach
    void stop() {
        logs.close();
        Await.result(vertx.close());
    }

    private OciLayoutLayerCache cache(CacheOptions options) {
        return new OciLayoutLayerCache(layoutDir, options, AMD64, clock, vertx);
    }

    private Optional<CacheEntry> probe(CacheKey key) {
        return Await.result(cache.probe(key));
    }

    @Test
    void aStoredLayerIsAHitWithTheSameDigestsCreationTimeAndBytes() throws Exception {
        Layer layer = layer("etc/a", "hello\n", LayerCompression.gzip());
        Await.result(cache.store(key("a"), Optional.of(layer)));
        clock.advance(Duration.ofMinutes(5));

        CacheEntry hit = probe(key("a")).orElseThrow();
        assertThat(hit.key()).isEqualTo(key("a"));
        assertThat(hit.created()).isEqualTo(T0);
        Layer cached = hit.layer().orElseThrow();
        assertThat(cached.digest()).isEqualTo(layer.digest());
        assertThat(cached.diffId()).isEqualTo(layer.diffId());
        assertThat(cached.mountableFrom()).isEmpty();
        try (InputStream in = cached.openUncompressed()) {
            assertThat(in.readAllBytes()).isEqualTo(Keys.tar("etc/a", "hello\n"));
        }
        assertThat(OciLayout.open(layoutDir).tags()).containsExactly(key("a").hex());
        assertThat(logs.warnings()).isEmpty();
    }

    @Test
    void aStepWithoutALayerIsAHitWithoutALayer() {
        Await.result(cache.store(key("env"), Optional.empty()));
        CacheEntry hit = probe(key("env")).orElseThrow();
        assertThat(hit.layer()).isEmpty();
        assertThat(hit.created()).isEqualTo(T0);
    }

    @Test
    void anAbsentKeyIsAQuietMissAndProbingCreatesNoLayout() {
        assertThat(probe(key("nothing"))).isEmpty();
        assertThat(layoutDir).doesNotExist();
        Await.result(cache.store(key("other"), Optional.empty()));
        assertThat(probe(key("nothing"))).isEmpty();
        assertThat(logs.warnings()).isEmpty();
    }

    @Test
    void anEntryOlderThanTheTtlIsAMiss() {
        cache = cache(CacheOptions.DEFAULTS.withTtl(Duration.ofHours(2)));
        Await.result(cache.store(key("old"), Optional.of(layer("a", "1", LayerCompression.gzip()))));
        clock.advance(Duration.ofHours(2));
        assertThat(probe(key("old"))).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(probe(key("old"))).isEmpty();
        assertThat(logs.warnings()).as("an expired entry is a normal miss, logged at INFO").isEmpty();
    }

    @Test
    void twoThreadsStoringTwentyKeysEachKeepAllFortyEntries() throws Exception {
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (String name : List.of("left", "right")) {
            OciLayoutLayerCache own = cache(CacheOptions.DEFAULTS); // one instance per "build"
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20; i++) {
                    try {
                        Optional<Layer> layer = i % 3 == 0 ? Optional.empty()
                                : Optional.of(layer(name + i, name, LayerCompression.gzip()));
                        Await.result(own.store(key(name + i), layer));
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(OciLayout.open(layoutDir).tags()).hasSize(40);
        for (String name : List.of("left", "right")) {
            for (int i = 0; i < 20; i++) {
                assertThat(probe(key(name + i))).as(name + i).isPresent();
            }
        }
    }

    @Test
    void anEntryWhoseLayerBlobIsMissingIsAMissWithAWarning() throws Exception {
        Layer layer = layer("a", "1", LayerCompression.gzip());
        Await.result(cache.store(key("gone"), Optional.of(layer)));
        Files.delete(OciLayout.open(layoutDir).blobPath(layer.digest()));
        assertThat(probe(key("gone"))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString()
                .contains(key("gone").shortForm(), "oci:" + layoutDir, "is missing");
    }

    @Test
    void anEntryWhoseManifestBlobIsMissingIsAMissWithAWarning() throws Exception {
        Await.result(cache.store(key("gone"), Optional.empty()));
        OciLayout layout = OciLayout.open(layoutDir);
        Files.delete(layout.blobPath(layout.descriptor(key("gone").hex()).digest()));
        assertThat(probe(key("gone"))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString().contains(key("gone").shortForm(), "missing");
    }

    @Test
    void anEntryWithAGarbageConfigIsAMissWithAWarning() throws Exception {
        OciLayout layout = OciLayout.create(layoutDir);
        byte[] config = "{not json".getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        byte[] manifest = dev.kiln.engine.oci.Manifest.of(MediaType.OCI_MANIFEST, configDescriptor, List.of()).toBytes();
        write(layout, config);
        write(layout, manifest);
        layout.tag(Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(manifest), manifest.length), key("bad").hex());
        assertThat(probe(key("bad"))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString().contains(key("bad").shortForm(), "unreadable");
    }

    @Test
    void anIndexUnderTheKeyIsAMissWithAWarning() {
        OciLayout layout = OciLayout.create(layoutDir);
        layout.writeIndex(Mutate.index(ImageFormat.OCI, List.of(TestImages.image())), key("idx").hex());
        assertThat(probe(key("idx"))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString().contains(key("idx").shortForm(), "an index");
    }

    @Test
    void aForeignImageUnderTheKeyIsAMissWithAWarning() {
        OciLayout layout = OciLayout.create(layoutDir);
        Image foreign = Mutate.appendLayers(Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI),
                List.of(layer("x", "y", LayerCompression.gzip())));
        layout.writeImage(foreign, key("foreign").hex());
        assertThat(probe(key("foreign"))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString().contains("not a cache entry");
    }

    @Test
    void aGarbageIndexJsonIsAMissWithAWarning() throws Exception {
        Await.result(cache.store(key("a"), Optional.empty()));
        Files.writeString(layoutDir.resolve("index.json"), "][");
        assertThat(probe(key("a"))).isEmpty();
        assertThat(logs.warnings()).singleElement().asString().contains(key("a").shortForm(), "parse index", "invalid JSON");
    }

    @Test
    void withoutPushStoresWriteNothing() {
        cache = cache(CacheOptions.DEFAULTS.withPush(false));
        Await.result(cache.store(key("a"), Optional.of(layer("a", "1", LayerCompression.gzip()))));
        assertThat(layoutDir).doesNotExist();
        assertThat(probe(key("a"))).isEmpty();
    }

    @Test
    void aStoreThatCannotReadItsLayerFailsNamingKeyAndLayout() {
        Layer source = layer("a", "1", LayerCompression.gzip());
        Layer missing = Layers.fromBlobFile(dir.resolve("no-such-blob"), source.descriptor(), source.diffId());
        Throwable e = Await.failure(cache.store(key("a"), Optional.of(missing)));
        assertThat(e).isInstanceOf(LayerCacheException.class)
                .hasMessageStartingWith("store cache entry " + key("a").shortForm() + " in oci:" + layoutDir + ": ")
                .hasMessageContaining("no-such-blob");
    }

    @Test
    void describeNamesTheLayout() {
        assertThat(cache.describe()).isEqualTo("oci:" + layoutDir);
    }

    private static void write(OciLayout layout, byte[] blob) throws Exception {
        Path p = layout.blobPath(Digest.sha256(blob));
        Files.createDirectories(p.getParent());
        Files.write(p, blob);
    }
}
