package dev.kiln.engine.cache.store;

import static dev.kiln.engine.cache.store.Keys.key;
import static dev.kiln.engine.cache.store.Keys.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.LayerCompression;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shape of a cache entry and the rules an entry must pass to be trusted. */
class EntryFormatTest {

    private static final Instant T = Instant.parse("2025-03-01T10:00:00.123456789Z");
    private static final Duration TTL = Duration.ofHours(1);
    private static final Platform ARM = Platform.of("linux", "arm64");
    private static final CacheKey K = key("k");

    private static EntryFormat.Verdict judge(Image entry, CacheKey key, Instant now) {
        return EntryFormat.judge(key, entry.manifest(), entry.rawConfig(), now, TTL);
    }

    @Test
    void anEntryIsAnOciImageWithTheLayerTheKeyLabelsAndTheStoreTime() {
        Layer layer = layer("a", "1", LayerCompression.gzip());
        Image entry = EntryFormat.image(K, Optional.of(layer), ARM, T);
        assertThat(entry.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(entry.manifest().config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
        assertThat(entry.manifest().annotations()).containsEntry("dev.kiln.cache.key", K.hex())
                .containsEntry("dev.kiln.cache.format", "1");
        ImageConfig config = entry.config();
        assertThat(config.platform().os()).isEqualTo("linux");
        assertThat(config.architecture()).isEqualTo("arm64");
        assertThat(config.created()).isEqualTo(T);
        assertThat(config.config().labels()).isEqualTo(Map.of("dev.kiln.cache.key", K.hex(),
                "dev.kiln.cache.format", "1"));
        assertThat(config.diffIds()).containsExactly(layer.diffId());
        assertThat(config.history()).singleElement().satisfies(h -> assertThat(h.emptyLayer()).isFalse());
        assertThat(entry.layers()).singleElement().satisfies(l -> {
            assertThat(l.digest()).isEqualTo(layer.digest());
            assertThat(l.mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        });
    }

    @Test
    void aZstdLayerKeepsItsCompressionAndADockerLayerGetsItsOciType() {
        Layer zstd = layer("a", "1", LayerCompression.zstd());
        assertThat(EntryFormat.image(K, Optional.of(zstd), ARM, T).layers().getFirst().mediaType())
                .isEqualTo(MediaType.OCI_LAYER_ZSTD);
        Layer docker = dev.kiln.engine.image.Layers.withMediaType(layer("b", "2", LayerCompression.gzip()),
                MediaType.DOCKER_LAYER);
        Layer stored = EntryFormat.image(K, Optional.of(docker), ARM, T).layers().getFirst();
        assertThat(stored.mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        assertThat(stored.digest()).isEqualTo(docker.digest());
    }

    @Test
    void anEntryWithoutALayerHasNoLayersAndAnEmptyLayerHistoryEntry() {
        Image entry = EntryFormat.image(K, Optional.empty(), ARM, T);
        assertThat(entry.layers()).isEmpty();
        assertThat(entry.config().diffIds()).isEmpty();
        assertThat(entry.config().history()).singleElement().satisfies(h -> assertThat(h.emptyLayer()).isTrue());
        assertThat(judge(entry, K, T)).isEqualTo(new EntryFormat.Fresh(T));
    }

    @Test
    void anEntryIsFreshUntilItsTtlHasPassed() {
        Image entry = EntryFormat.image(K, Optional.of(layer("a", "1", LayerCompression.gzip())), ARM, T);
        assertThat(judge(entry, K, T.plus(TTL))).isEqualTo(new EntryFormat.Fresh(T));
        assertThat(judge(entry, K, T.plus(TTL).plusNanos(1))).isEqualTo(new EntryFormat.Expired(T));
    }

    @Test
    void anEntryLabelledForAnotherKeyIsCorrupt() {
        Image entry = EntryFormat.image(key("other"), Optional.empty(), ARM, T);
        assertThat(judge(entry, K, T)).isEqualTo(new EntryFormat.Corrupt("it is labelled for key "
                + key("other").hex()));
    }

    @Test
    void anImageWithoutTheKeyLabelIsNotAnEntry() {
        Image foreign = Mutate.appendLayers(Mutate.empty(TestImages.config(ARM), ImageFormat.OCI),
                List.of(layer("a", "1", LayerCompression.gzip())));
        assertThat(judge(foreign, K, T)).isEqualTo(new EntryFormat.Corrupt(
                "not a cache entry (its config has no dev.kiln.cache.key label)"));
    }

    @Test
    void anImageWithTwoLayersIsCorrupt() {
        assertThat(judge(TestImages.image(), K, T)).isEqualTo(new EntryFormat.Corrupt(
                "it has 2 layers; an entry has at most one"));
    }

    @Test
    void anUnreadableConfigIsCorrupt() {
        Manifest manifest = EntryFormat.image(K, Optional.empty(), ARM, T).manifest();
        EntryFormat.Verdict v = EntryFormat.judge(K, manifest, "not json".getBytes(StandardCharsets.UTF_8), T, TTL);
        assertThat(v).isInstanceOfSatisfying(EntryFormat.Corrupt.class,
                c -> assertThat(c.reason()).startsWith("config " + manifest.config().digest().shortForm()
                        + " is unreadable: "));
    }

    @Test
    void anotherFormatVersionIsCorrupt() {
        Image entry = EntryFormat.image(K, Optional.empty(), ARM, T);
        ImageConfig v2 = entry.config().withConfig(entry.config().config().withLabels(Map.of(
                "dev.kiln.cache.key", K.hex(), "dev.kiln.cache.format", "2")));
        assertThat(EntryFormat.judge(K, entry.manifest(), v2.toBytes(), T, TTL)).isEqualTo(new EntryFormat.Corrupt(
                "entry format \"2\", this Kiln reads \"1\""));
    }

    @Test
    void diffIdsThatDoNotPairWithTheLayersAreCorrupt() {
        Image entry = EntryFormat.image(K, Optional.of(layer("a", "1", LayerCompression.gzip())), ARM, T);
        ImageConfig none = entry.config().withRootFs(dev.kiln.engine.oci.RootFs.of(List.of()));
        assertThat(EntryFormat.judge(K, entry.manifest(), none.toBytes(), T, TTL)).isEqualTo(new EntryFormat.Corrupt(
                "its config lists 0 diff IDs for 1 layers"));
    }
}
