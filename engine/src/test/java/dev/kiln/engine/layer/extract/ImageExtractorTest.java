package dev.kiln.engine.layer.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.layer.ExtractException;
import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.layer.Trees;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import io.vertx.core.Vertx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageExtractorTest {

    @TempDir
    Path dir;

    private Path rootfs(String name) throws IOException {
        return Files.createDirectory(dir.resolve(name));
    }

    private Path temp() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    private ImageExtractor extractor(int readAhead) throws IOException {
        return new ImageExtractor(ExtractOptions.DEFAULT, readAhead, temp(), ImageExtractor.Listener.NONE);
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            assertThat(s).as("temporary blobs removed").isEmpty();
        }
    }

    @Test
    void appliesTheLayersOfAnOciLayoutInOrderAndVerifiesEachDiffId() throws IOException {
        Image written = TestLayers.image(TestLayers.threeLayers(true));
        OciLayout.create(dir.resolve("oci")).writeImage(written, "three");
        Image image = OciLayout.open(dir.resolve("oci")).image("three");
        Path root = rootfs("root");

        List<ExtractResult> results = extractor(2).extract(image, root);

        assertThat(results).extracting(ExtractResult::diffId).containsExactlyElementsOf(image.config().diffIds());
        assertThat(results).extracting(ExtractResult::digest)
                .containsExactlyElementsOf(image.layers().stream().map(Layer::digest).toList());
        assertThat(results).extracting(ExtractResult::compression).containsExactly(MediaType.Compression.GZIP,
                MediaType.Compression.ZSTD, MediaType.Compression.NONE);
        assertThat(root.resolve("etc/passwd")).hasContent("root:x:0:0::/root:/bin/bash");
        assertThat(root.resolve("var/cache")).isRegularFile().hasContent("a file now");
        assertThat(root.resolve("opq/old")).doesNotExist();
        assertThat(root.resolve("opq/olddir")).doesNotExist();
        assertThat(root.resolve("opq/new")).hasContent("new");
        assertThat(Posix.statx(root.resolve("usr/bin/tool2")).ino()).isEqualTo(Posix.statx(root.resolve("usr/bin/tool")).ino());
        assertThat(Posix.readlink(root.resolve("bin"))).isEqualTo("usr/bin");
        assertNoTemporaryFiles();
    }

    @Test
    void theReadAheadDoesNotChangeTheTree() throws IOException {
        Image image = TestLayers.image(TestLayers.threeLayers(true));
        Path streamed = rootfs("streamed");
        extractor(0).extract(image, streamed);
        for (int readAhead : List.of(1, 2, 5)) {
            Path root = rootfs("ahead-" + readAhead);
            extractor(readAhead).extract(image, root);
            assertThat(Trees.snapshot(root)).as("read-ahead %d", readAhead).isEqualTo(Trees.snapshot(streamed));
        }
        assertNoTemporaryFiles();
    }

    @Test
    void theNextLayerIsFetchedWhileTheFirstIsApplied() throws IOException {
        CountDownLatch secondOpened = new CountDownLatch(1);
        List<Layer> layers = new ArrayList<>(TestLayers.threeLayers(false));
        layers.set(1, TestLayers.observed(layers.get(1), l -> secondOpened.countDown()));
        ImageExtractor.Listener waitForTheSecond = new ImageExtractor.Listener() {
            @Override
            public void applying(int index, Layer layer) {
                // no timing assertion: only a guard against a hang if nothing is fetched ahead
                boolean opened = await(secondOpened);
                if (index == 0 && !opened) {
                    throw new AssertionError("layer 2 was not opened while layer 1 was being applied");
                }
            }
        };

        new ImageExtractor(ExtractOptions.DEFAULT, 1, temp(), waitForTheSecond)
                .extract(TestLayers.image(layers), rootfs("root"));
        assertNoTemporaryFiles();
    }

    @Test
    void noMoreThanTheReadAheadIsFetchedBeyondTheLayerBeingApplied() throws IOException {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<Layer> layers = new ArrayList<>();
        List<Layer> base = TestLayers.threeLayers(false);
        for (int i = 0; i < 3; i++) {
            int n = i;
            layers.add(TestLayers.observed(base.get(i), l -> events.add("open " + n)));
        }
        ImageExtractor.Listener record = new ImageExtractor.Listener() {
            @Override
            public void applied(int index, Layer layer, ExtractResult result) {
                events.add("applied " + index);
            }
        };

        new ImageExtractor(ExtractOptions.DEFAULT, 1, temp(), record).extract(TestLayers.image(layers), rootfs("root"));

        assertThat(events).containsSubsequence("applied 0", "open 2");
        assertThat(events).filteredOn(e -> e.startsWith("open")).hasSize(3);
    }

    @Test
    void aWrongDiffIdFailsNamingTheLayerAndMarksTheRootfsUnusable() throws IOException {
        List<Layer> layers = new ArrayList<>(TestLayers.threeLayers(false));
        Digest wrong = Digest.sha256(new byte[] {1, 2, 3});
        Layer real = layers.get(1);
        layers.set(1, TestLayers.withDiffId(real, wrong));
        Image image = TestLayers.image(layers);
        Path root = rootfs("root");

        assertThatThrownBy(() -> extractor(2).extract(image, root))
                .isInstanceOfSatisfying(ImageExtractException.class, e -> {
                    assertThat(e.layerIndex()).isEqualTo(1);
                    assertThat(e.layersApplied()).isEqualTo(1);
                    assertThat(e.rootfsUnusable()).isTrue();
                    assertThat(e.getCause()).isInstanceOfSatisfying(ExtractException.class,
                            c -> assertThat(c.reason()).isEqualTo(ExtractException.Reason.DIGEST_MISMATCH));
                })
                .hasMessage("extract image " + image.digest() + " into " + root + ": layer 2/3: extract layer "
                        + real.digest() + ": diff ID is " + real.diffId() + ", expected " + wrong
                        + "; the rootfs holds part of the image: discard it");
        assertNoTemporaryFiles();
    }

    @Test
    void aWrongDiffIdIsAlsoFoundWithoutReadAhead() throws IOException {
        List<Layer> layers = new ArrayList<>(TestLayers.threeLayers(false));
        layers.set(2, TestLayers.withDiffId(layers.get(2), Digest.sha256(new byte[] {1})));
        assertThatThrownBy(() -> extractor(0).extract(TestLayers.image(layers), rootfs("root")))
                .isInstanceOfSatisfying(ImageExtractException.class, e -> assertThat(e.layerIndex()).isEqualTo(2))
                .hasMessageContaining("layer 3/3: extract layer " + layers.get(2).digest() + ": diff ID is ")
                .hasMessageEndingWith("; the rootfs holds part of the image: discard it");
        assertNoTemporaryFiles();
    }

    @Test
    void aFailedFetchStopsTheFetchesStillRunningAndRemovesTheirFiles() throws IOException {
        List<Layer> layers = new ArrayList<>(TestLayers.threeLayers(false));
        CountDownLatch hangingClosed = new CountDownLatch(1);
        layers.set(1, TestLayers.opening(layers.get(1), () -> {
            throw new IOException("connection reset by peer");
        }));
        layers.set(2, TestLayers.opening(layers.get(2), () -> new HangingStream(hangingClosed)));
        Image image = TestLayers.image(layers);
        Path root = rootfs("root");

        assertThatThrownBy(() -> extractor(2).extract(image, root))
                .isInstanceOfSatisfying(ImageExtractException.class, e -> assertThat(e.rootfsUnusable()).isTrue())
                .hasMessageContaining("layer 2/3: fetch blob " + layers.get(1).digest() + ": ")
                .hasMessageContaining("connection reset by peer");
        assertThat(hangingClosed.getCount()).as("the download of layer 3 was closed").isZero();
        assertNoTemporaryFiles();
    }

    @Test
    void aFailureBeforeTheFirstLayerLeavesTheRootfsUsable() throws IOException {
        List<Layer> layers = new ArrayList<>(TestLayers.threeLayers(false));
        layers.set(0, TestLayers.opening(layers.get(0), () -> {
            throw new IOException("registry unavailable");
        }));
        Path root = rootfs("root");

        for (int readAhead : List.of(0, 2)) {
            assertThatThrownBy(() -> extractor(readAhead).extract(TestLayers.image(layers), root))
                    .isInstanceOfSatisfying(ImageExtractException.class, e -> {
                        assertThat(e.rootfsUnusable()).isFalse();
                        assertThat(e.layersApplied()).isZero();
                    })
                    .hasMessageContaining("layer 1/3: ")
                    .hasMessageContaining("registry unavailable")
                    .hasMessageEndingWith("; the rootfs was not changed");
        }
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s).isEmpty();
        }
        assertNoTemporaryFiles();
    }

    @Test
    void aTruncatedBlobStreamedWithoutReadAheadFailsNamingTheLayer() throws IOException {
        List<Layer> layers = new ArrayList<>(TestLayers.threeLayers(false));
        Layer second = layers.get(1);
        byte[] blob;
        try (InputStream in = second.openCompressed()) {
            blob = in.readAllBytes();
        }
        byte[] cut = java.util.Arrays.copyOf(blob, blob.length / 2);
        layers.set(1, TestLayers.opening(second, () -> new ByteArrayInputStream(cut)));
        Path root = rootfs("root");

        assertThatThrownBy(() -> extractor(0).extract(TestLayers.image(layers), root))
                .isInstanceOfSatisfying(ImageExtractException.class, e -> {
                    assertThat(e.layerIndex()).isEqualTo(1);
                    assertThat(e.rootfsUnusable()).isTrue();
                })
                .hasMessageContaining("layer 2/3: extract layer " + second.digest() + ": ")
                .hasMessageContaining("ends early");
    }

    @Test
    void anImageWithoutLayersLeavesTheRootfsEmpty() throws IOException {
        Path root = rootfs("root");
        assertThat(extractor(2).extract(TestLayers.image(List.of()), root)).isEmpty();
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void theAsyncFormRunsOnAWorkerAndGivesTheSameResults() throws Exception {
        Image image = TestLayers.image(TestLayers.threeLayers(true));
        Vertx vertx = Vertx.vertx();
        try {
            List<ExtractResult> results = extractor(2).extract(vertx, image, rootfs("root"))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(results).extracting(ExtractResult::diffId).containsExactlyElementsOf(image.config().diffIds());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNegativeReadAheadIsRefused() {
        assertThatThrownBy(() -> new ImageExtractor(ExtractOptions.DEFAULT, -1, null, ImageExtractor.Listener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer read-ahead -1: must not be negative");
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A download that never delivers a byte until it is closed. */
    private static final class HangingStream extends InputStream {
        private final CountDownLatch closed;

        HangingStream(CountDownLatch closed) {
            this.closed = closed;
        }

        @Override
        public int read() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            throw new IOException("stream closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
