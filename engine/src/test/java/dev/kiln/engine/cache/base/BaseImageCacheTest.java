package dev.kiln.engine.cache.base;

import dev.kiln.testkit.time.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseImageCacheTest {

    private static final Platform AMD64 = Platform.of("linux", "amd64");
    private static final Platform ARM64 = Platform.of("linux", "arm64");
    private static final ImageReference BUSYBOX = ImageReference.parse("registry.test/library/busybox:1.36");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    private BaseImageCache cache() {
        return new BaseImageCache(dir.resolve("cache"), Duration.ofHours(6), clock);
    }

    @Test
    void storedImageIsFoundByItsTagWithTheSameManifestAndVerifiedLayers() throws Exception {
        Image image = TestImages.image();
        BaseImageCache.Entry entry = cache().store(BUSYBOX, AMD64, image, false);

        assertThat(entry.written()).isTrue();
        assertThat(entry.directory()).isEqualTo(dir.resolve("cache").resolve("sha256-" + image.digest().encoded()));
        Image found = cache().lookup(BUSYBOX, AMD64).orElseThrow();
        assertThat(found.digest()).isEqualTo(image.digest());
        assertThat(found.rawConfig()).isEqualTo(image.rawConfig());
        for (int i = 0; i < image.layers().size(); i++) {
            try (InputStream in = found.layers().get(i).openCompressed()) {
                assertThat(in.readAllBytes()).isEqualTo(readAll(image.layers().get(i)));
            }
        }
        // a plain OCI layout: other tools can read it
        assertThat(OciLayout.open(entry.directory()).image(BaseImageCache.LAYOUT_TAG).digest()).isEqualTo(image.digest());
    }

    @Test
    void digestReferenceFindsTheEntryWarmedThroughATag() {
        Image image = TestImages.image();
        cache().store(BUSYBOX, AMD64, image, false);

        ImageReference pinned = ImageReference.parse("other.test/app@" + image.digest());
        assertThat(cache().lookup(pinned, AMD64)).map(Image::digest).contains(image.digest());
    }

    @Test
    void anotherTagOrRegistryIsAMiss() {
        cache().store(BUSYBOX, AMD64, TestImages.image(), false);

        assertThat(cache().lookup(BUSYBOX.withTag("latest"), AMD64)).isEmpty();
        assertThat(cache().lookup(ImageReference.parse("elsewhere.test/library/busybox:1.36"), AMD64)).isEmpty();
    }

    @Test
    void anotherPlatformIsAMiss() {
        cache().store(BUSYBOX, AMD64, TestImages.image(), false);

        assertThat(cache().lookup(BUSYBOX, ARM64)).isEmpty();
        assertThat(cache().lookup(BUSYBOX, Platform.parse("linux/amd64"))).isPresent();
    }

    @Test
    void entryOlderThanTheTtlIsAMiss() {
        cache().store(BUSYBOX, AMD64, TestImages.image(), false);

        clock.advance(Duration.ofHours(5));
        assertThat(cache().lookup(BUSYBOX, AMD64)).isPresent();
        clock.advance(Duration.ofHours(1));
        assertThat(cache().lookup(BUSYBOX, AMD64)).isEmpty();
    }

    @Test
    void warmingAgainRestartsTheTtlWithoutRewritingTheBlobs() {
        Image image = TestImages.image();
        cache().store(BUSYBOX, AMD64, image, false);
        clock.advance(Duration.ofHours(5));

        BaseImageCache.Entry again = cache().store(BUSYBOX, AMD64, image, false);
        clock.advance(Duration.ofHours(5));

        assertThat(again.written()).isFalse();
        assertThat(cache().lookup(BUSYBOX, AMD64)).isPresent();
    }

    @Test
    void newestEntryWinsWhenATagWasWarmedToSeveralDigests() {
        Image older = TestImages.image(AMD64, ImageFormat.DOCKER);
        Image newer = TestImages.image(AMD64, ImageFormat.OCI);
        cache().store(BUSYBOX, AMD64, older, false);
        clock.advance(Duration.ofMinutes(1));
        cache().store(BUSYBOX, AMD64, newer, false);

        assertThat(cache().lookup(BUSYBOX, AMD64)).map(Image::digest).contains(newer.digest());
    }

    @Test
    void secondTagOfAStoredDigestIsRecordedWithoutWritingAgain() {
        Image image = TestImages.image();
        cache().store(BUSYBOX, AMD64, image, false);

        BaseImageCache.Entry second = cache().store(BUSYBOX.withTag("latest"), AMD64, image, false);

        assertThat(second.written()).isFalse();
        assertThat(cache().lookup(BUSYBOX.withTag("latest"), AMD64)).isPresent();
        assertThat(cache().lookup(BUSYBOX, AMD64)).isPresent();
    }

    @Test
    void forceRewritesAnIntactEntryAndKeepsItsOtherReferences() throws Exception {
        Image image = TestImages.image();
        BaseImageCache.Entry first = cache().store(BUSYBOX, AMD64, image, false);
        cache().store(BUSYBOX.withTag("latest"), AMD64, image, false);
        Path marker = Files.writeString(first.directory().resolve("marker"), "old");

        BaseImageCache.Entry forced = cache().store(BUSYBOX, AMD64, image, true);

        assertThat(forced.written()).isTrue();
        assertThat(marker).doesNotExist();
        assertThat(cache().lookup(BUSYBOX, AMD64)).isPresent();
        assertThat(cache().lookup(BUSYBOX.withTag("latest"), AMD64)).isPresent();
        assertThat(tempDirs()).isEmpty();
    }

    @Test
    void corruptEntryIsIgnoredAndReplacedByTheNextStore() throws Exception {
        Image image = TestImages.image();
        BaseImageCache.Entry entry = cache().store(BUSYBOX, AMD64, image, false);
        Layer layer = image.layers().getFirst();
        Files.write(OciLayout.open(entry.directory()).blobPath(layer.digest()), new byte[]{1, 2, 3});

        assertThat(cache().lookup(BUSYBOX, AMD64)).isEmpty();

        BaseImageCache.Entry repaired = cache().store(BUSYBOX, AMD64, image, false);
        assertThat(repaired.written()).isTrue();
        assertThat(cache().lookup(BUSYBOX, AMD64)).isPresent();
    }

    @Test
    void unreadableRecordIsIgnored() throws Exception {
        BaseImageCache.Entry entry = cache().store(BUSYBOX, AMD64, TestImages.image(), false);
        Files.writeString(entry.directory().resolve(BaseImageCache.RECORD_FILE), "{\"digest\":");

        assertThat(cache().lookup(BUSYBOX, AMD64)).isEmpty();
    }

    @Test
    void alteredLayerOfTheSameSizeFailsWhenRead() throws Exception {
        Image image = TestImages.image();
        BaseImageCache.Entry entry = cache().store(BUSYBOX, AMD64, image, false);
        Layer layer = image.layers().getFirst();
        Path blob = OciLayout.open(entry.directory()).blobPath(layer.digest());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(blob, bytes);

        Image found = cache().lookup(BUSYBOX, AMD64).orElseThrow();
        assertThatThrownBy(() -> readAll(found.layers().getFirst()))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining(layer.digest().toString());
    }

    @Test
    void leftoverTempDirectoryIsNeverReadAndIsRemovedOnceStale() throws Exception {
        Image image = TestImages.image();
        BaseImageCache.Entry entry = cache().store(BUSYBOX, AMD64, image, false);
        // what a writer killed just before its rename leaves: a complete layout under a temporary name
        Path leftover = dir.resolve("cache").resolve(".tmp-sha256-" + image.digest().encoded() + ".c0ffee");
        Files.move(entry.directory(), leftover);

        assertThat(cache().lookup(BUSYBOX, AMD64)).isEmpty();
        cache().removeStaleTemps();
        assertThat(leftover).as("younger than an hour").exists();

        Files.setLastModifiedTime(leftover, FileTime.from(clock.instant().minus(Duration.ofHours(2))));
        cache().removeStaleTemps();
        assertThat(leftover).doesNotExist();
    }

    @Test
    void tempDirectoryOfALiveWriterIsKept() throws Exception {
        BaseImageCache cache = cache();
        try (BaseImageCache.Scratch scratch = cache.scratch()) {
            Files.setLastModifiedTime(scratch.path(), FileTime.from(clock.instant().minus(Duration.ofHours(2))));
            cache.removeStaleTemps();
            assertThat(scratch.path()).isDirectory();
        }
        assertThat(tempDirs()).isEmpty();
    }

    @Test
    void concurrentStoresOfOneDigestWriteItOnceAndLeaveAValidEntry() throws Exception {
        Image image = TestImages.image();
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<BaseImageCache.Entry>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                ImageReference ref = BUSYBOX.withTag("t" + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return new BaseImageCache(dir.resolve("cache"), Duration.ofHours(6), clock)
                            .store(ref, AMD64, image, false);
                }));
            }
        }
        long written = 0;
        for (Future<BaseImageCache.Entry> r : results) {
            written += r.get().written() ? 1 : 0;
        }
        assertThat(written).isEqualTo(1);
        for (int i = 0; i < threads; i++) {
            assertThat(cache().lookup(BUSYBOX.withTag("t" + i), AMD64)).as("t" + i).isPresent();
        }
        assertThat(tempDirs()).isEmpty();
    }

    @Test
    void missingCacheDirectoryIsAMiss() {
        assertThat(new BaseImageCache(dir.resolve("absent"), Duration.ofHours(1)).lookup(BUSYBOX, AMD64)).isEmpty();
        assertThat(dir.resolve("absent")).doesNotExist();
    }

    @Test
    void failedStoreNamesTheImageAndLeavesNothingBehind() throws Exception {
        Image image = TestImages.image();
        Image broken = new BrokenLayers(image);

        assertThatThrownBy(() -> cache().store(BUSYBOX, AMD64, broken, false))
                .isInstanceOf(ImageException.class)
                .hasMessageStartingWith("cache base image " + BUSYBOX + " (" + image.digest() + ") in ")
                .hasMessageContaining(image.layers().getFirst().digest().toString());
        assertThat(cache().lookup(BUSYBOX, AMD64)).isEmpty();
        assertThat(tempDirs()).isEmpty();
        assertThat(dir.resolve("cache").resolve("sha256-" + image.digest().encoded())).doesNotExist();
    }

    @Test
    void nonPositiveTtlIsRefused() {
        assertThatThrownBy(() -> new BaseImageCache(dir, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL must be positive");
    }

    private List<Path> tempDirs() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    private static byte[] readAll(Layer layer) throws IOException {
        try (InputStream in = layer.openCompressed()) {
            return in.readAllBytes();
        }
    }

    /** The image with every layer's stream corrupted in its middle. */
    private record BrokenLayers(Image image) implements Image {
        @Override public dev.kiln.engine.oci.Manifest manifest() { return image.manifest(); }
        @Override public byte[] rawManifest() { return image.rawManifest(); }
        @Override public dev.kiln.engine.oci.Digest digest() { return image.digest(); }
        @Override public dev.kiln.engine.oci.MediaType mediaType() { return image.mediaType(); }
        @Override public dev.kiln.engine.oci.ImageConfig config() { return image.config(); }
        @Override public byte[] rawConfig() { return image.rawConfig(); }
        @Override public dev.kiln.engine.oci.Digest configDigest() { return image.configDigest(); }
        @Override public dev.kiln.engine.image.Layer layerByDigest(dev.kiln.engine.oci.Digest d) { return image.layerByDigest(d); }
        @Override public dev.kiln.engine.image.Layer layerByDiffId(dev.kiln.engine.oci.Digest d) { return image.layerByDiffId(d); }

        @Override
        public List<Layer> layers() {
            return image.layers().stream().<Layer>map(l -> new Layer() {
                @Override public dev.kiln.engine.oci.Digest digest() { return l.digest(); }
                @Override public dev.kiln.engine.oci.Digest diffId() { return l.diffId(); }
                @Override public long size() { return l.size(); }
                @Override public dev.kiln.engine.oci.MediaType mediaType() { return l.mediaType(); }
                @Override public InputStream openUncompressed() throws IOException { return l.openUncompressed(); }

                @Override
                public InputStream openCompressed() throws IOException {
                    byte[] bytes = readAll(l);
                    bytes[bytes.length / 2] ^= 0x55;
                    return new java.io.ByteArrayInputStream(bytes);
                }
            }).toList();
        }
    }
}
