package dev.kiln.engine.image.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.ImageNotFoundException;
import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.IndexManifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {

    private static final Platform AMD64 = Platform.of("linux", "amd64");
    private static final Platform ARM64 = Platform.of("linux", "arm64", "v8");

    @TempDir
    Path dir;

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void createWritesMarkerEmptyIndexAndBlobsDirectory() throws IOException {
        OciLayout layout = OciLayout.create(dir.resolve("oci"));
        assertThat(new JsonObject(Files.readString(layout.root().resolve("oci-layout"))))
                .isEqualTo(new JsonObject().put("imageLayoutVersion", "1.0.0"));
        IndexManifest index = IndexManifest.parse(Files.readAllBytes(layout.root().resolve("index.json")));
        assertThat(index.manifests()).isEmpty();
        assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(layout.root().resolve("blobs")).isDirectory();
        assertThat(OciLayout.create(layout.root()).tags()).isEmpty();
    }

    @Test
    void imageWrittenWithATagReadsBackWithTheSameBytes() throws IOException {
        Image image = TestImages.image();
        OciLayout layout = OciLayout.create(dir);
        Descriptor d = layout.writeImage(image, "app:1.0");

        assertThat(d.digest()).isEqualTo(image.digest());
        assertThat(d.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(Files.readAllBytes(layout.blobPath(image.digest()))).isEqualTo(image.rawManifest());
        Image read = OciLayout.open(dir).image("app:1.0");
        assertThat(read.rawManifest()).isEqualTo(image.rawManifest());
        assertThat(read.rawConfig()).isEqualTo(image.rawConfig());
        assertThat(read.layers()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Layer expected = image.layers().get(i);
            Layer actual = read.layers().get(i);
            assertThat(actual.diffId()).isEqualTo(expected.diffId());
            assertThat(read(actual.openCompressed())).isEqualTo(read(expected.openCompressed()));
            assertThat(read(actual.openUncompressed())).isEqualTo(read(expected.openUncompressed()));
        }
        assertThat(files(dir)).hasSize(2 + 4);
    }

    @Test
    void retaggingReplacesTheEntryInPlaceAndOtherTagsStay() throws IOException {
        OciLayout layout = OciLayout.create(dir);
        Image v1 = TestImages.image();
        Image v2 = Mutate.appendLayers(v1, List.of(TestImages.layer("v2", "2")));
        layout.writeImage(v1, "app:latest");
        layout.writeImage(v1, "app:1");
        layout.writeImage(v2, "app:latest");

        assertThat(layout.tags()).containsExactly("app:latest", "app:1");
        assertThat(layout.descriptor("app:latest").digest()).isEqualTo(v2.digest());
        assertThat(layout.descriptor("app:1").digest()).isEqualTo(v1.digest());
        assertThat(layout.image("app:latest").layers()).hasSize(3);
    }

    @Test
    void blobsAlreadyPresentAreNotReadAgain() throws IOException {
        OciLayout layout = OciLayout.create(dir);
        Image image = TestImages.image();
        layout.writeImage(image, "a");
        Layer first = image.layers().getFirst();
        // a layer with the same digest whose content can no longer be read
        Layer unreadable = Layers.fromBlobFile(dir.resolve("gone"), first.descriptor(), first.diffId());
        Image same = Mutate.appendLayers(Mutate.empty(image.config().withRootFs(
                dev.kiln.engine.oci.RootFs.of(List.of())).withHistory(List.of()), ImageFormat.OCI),
                List.of(unreadable));
        layout.writeImage(same, "b");
        assertThat(layout.image("b").layers().getFirst().digest()).isEqualTo(first.digest());
    }

    @Test
    void failedWriteLeavesNoPartialBlobAndNoTag() throws IOException {
        OciLayout layout = OciLayout.create(dir);
        byte[] indexBefore = Files.readAllBytes(dir.resolve("index.json"));
        Layer good = TestImages.layer("f", "content");
        Path blob = Files.write(dir.resolve("corrupt"), read(good.openCompressed()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 10] ^= 0x55;
        Files.write(blob, bytes);
        Layer corrupt = Layers.fromBlobFile(blob, good.descriptor(), good.diffId());
        Image image = Mutate.appendLayers(Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI), List.of(corrupt));

        assertThatThrownBy(() -> layout.writeImage(image, "bad"))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(good.digest().toString());
        try (Stream<Path> s = Files.walk(dir.resolve("blobs"))) {
            assertThat(s.filter(Files::isRegularFile)).isEmpty();
        }
        assertThat(Files.readAllBytes(dir.resolve("index.json"))).isEqualTo(indexBefore);
    }

    @Test
    void indexOfTwoPlatformsRoundTripsAndPicksByPlatform() throws IOException {
        Image amd = TestImages.image(AMD64, ImageFormat.OCI);
        Image arm = TestImages.image(ARM64, ImageFormat.OCI);
        ImageIndex index = Mutate.index(ImageFormat.OCI, List.of(amd, arm));
        OciLayout layout = OciLayout.create(dir);
        Descriptor d = layout.writeIndex(index, "multi");

        assertThat(d.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        ImageIndex read = layout.imageIndex("multi");
        assertThat(read.rawManifest()).isEqualTo(index.rawManifest());
        assertThat(layout.image("multi", Platform.parse("linux/arm64")).digest()).isEqualTo(arm.digest());
        Image amdRead = layout.image("multi", Platform.parse("linux/amd64"));
        assertThat(read(amdRead.layers().get(1).openUncompressed()))
                .isEqualTo(read(amd.layers().get(1).openUncompressed()));
        assertThatThrownBy(() -> layout.image("multi", Platform.parse("linux/ppc64le")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("pick platform linux/ppc64le from index " + index.digest()
                        + ": no match; available: linux/amd64, linux/arm64/v8");
        assertThatThrownBy(() -> layout.image("multi"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("read image tagged \"multi\" from OCI layout " + dir.toAbsolutePath()
                        + ": it is an index (" + MediaType.OCI_INDEX + "); choose a platform");
    }

    @Test
    void taggedImageIsCheckedAgainstTheWantedPlatform() {
        OciLayout layout = OciLayout.create(dir);
        layout.writeImage(TestImages.image(), "one");
        assertThat(layout.image("one", Platform.parse("linux/amd64")).config().architecture()).isEqualTo("amd64");
        assertThatThrownBy(() -> layout.image("one", Platform.parse("linux/arm64")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("pick platform linux/arm64 for tag \"one\" in OCI layout " + dir.toAbsolutePath()
                        + ": no match; available: linux/amd64");
        assertThatThrownBy(() -> layout.imageIndex("one"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageEndingWith("it is not an index (" + MediaType.OCI_MANIFEST + ")");
    }

    @Test
    void nestedIndexesAreWrittenAndRead() {
        Image amd = TestImages.image();
        ImageIndex inner = Mutate.index(ImageFormat.OCI, List.of(amd));
        byte[] outerBytes = IndexManifest.of(MediaType.OCI_INDEX, List.of(inner.descriptor())).toBytes();
        ImageIndex outer = dev.kiln.engine.image.Partial.index(outerBytes, List.of(), List.of(inner));
        OciLayout layout = OciLayout.create(dir);
        layout.writeIndex(outer, "nested");

        ImageIndex read = OciLayout.open(dir).imageIndex("nested");
        assertThat(read.imageIndex(inner.digest()).image(amd.digest()).rawConfig()).isEqualTo(amd.rawConfig());
    }

    @Test
    void unknownTagListsTheTagsPresent() {
        OciLayout layout = OciLayout.create(dir);
        layout.writeImage(TestImages.image(), "a");
        layout.writeImage(TestImages.image(), "b");
        assertThatThrownBy(() -> layout.image("c"))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("find tag \"c\" in OCI layout " + dir.toAbsolutePath() + ": not found; tags: a, b");
    }

    @Test
    void tagsBreakingTheRefNameGrammarAreRefused() {
        OciLayout layout = OciLayout.create(dir);
        for (String bad : List.of("", "a b", "-a", "a//b", "a:", "é")) {
            assertThatThrownBy(() -> layout.writeImage(TestImages.image(), bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid OCI layout tag \"" + bad + "\"");
        }
        for (String good : List.of("latest", "v1.0", "example.com/app:1.0", "a--b", "a@b", "x+y")) {
            layout.writeImage(TestImages.image(), good);
        }
        assertThat(layout.tags()).hasSize(6);
    }

    @Test
    void taggingADescriptorWhoseBlobIsAbsentFails() {
        OciLayout layout = OciLayout.create(dir);
        Descriptor absent = TestImages.image().descriptor();
        assertThatThrownBy(() -> layout.tag(absent, "x"))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("tag " + absent.digest() + " as \"x\" in OCI layout " + dir.toAbsolutePath()
                        + ": blob missing; write it first");
    }

    @Test
    void missingLayerBlobIsReportedWhenRead() throws IOException {
        OciLayout layout = OciLayout.create(dir);
        Image image = TestImages.image();
        layout.writeImage(image, "x");
        Digest layer = image.layers().getFirst().digest();
        Files.delete(layout.blobPath(layer));
        Image read = layout.image("x");
        assertThatThrownBy(() -> read.layers().getFirst().openCompressed())
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("read blob " + layer + " from OCI layout " + dir.toAbsolutePath() + ": missing");
    }

    @Test
    void corruptConfigBlobIsReportedWhenRead() throws IOException {
        OciLayout layout = OciLayout.create(dir);
        Image image = TestImages.image();
        layout.writeImage(image, "x");
        Path config = layout.blobPath(image.configDigest());
        String text = Files.readString(config).replace("amd64", "arm64");
        Files.writeString(config, text);
        Image read = layout.image("x");
        assertThatThrownBy(read::config)
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageStartingWith("read config " + image.configDigest() + " of image " + image.digest()
                        + " from OCI layout " + dir.toAbsolutePath() + ": digest mismatch");
    }

    @Test
    void openingADirectoryWithoutMarkerFails() throws IOException {
        Files.createDirectories(dir.resolve("x"));
        assertThatThrownBy(() -> OciLayout.open(dir.resolve("x")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("open OCI layout " + dir.resolve("x").toAbsolutePath() + ": missing oci-layout file");
    }

    @Test
    void unsupportedLayoutVersionIsRefused() throws IOException {
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        assertThatThrownBy(() -> OciLayout.open(dir))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("open OCI layout " + dir.toAbsolutePath()
                        + ": unsupported imageLayoutVersion \"2.0.0\", expected \"1.0.0\"");
        Files.writeString(dir.resolve("oci-layout"), "[]");
        assertThatThrownBy(() -> OciLayout.open(dir))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageEndingWith(": oci-layout is not a JSON object");
    }

    @Test
    void foreignManifestWithoutMediaTypeIsRead() throws IOException {
        // as umoci writes it: no "mediaType" in the manifest, the type only on the index.json entry
        Image image = TestImages.image();
        OciLayout layout = OciLayout.create(dir);
        layout.writeImage(image);
        byte[] raw = image.manifest().withMediaType(null).toBytes();
        Files.write(layout.blobPath(Digest.sha256(raw)), raw);
        String indexJson = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaType.OCI_MANIFEST
                + "\",\"digest\":\"" + Digest.sha256(raw) + "\",\"size\":" + raw.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}";
        Files.writeString(dir.resolve("index.json"), indexJson, StandardCharsets.UTF_8);

        Image read = OciLayout.open(dir).image("latest");
        assertThat(read.manifest().mediaType()).isNull();
        assertThat(read.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(read.digest()).isEqualTo(Digest.sha256(raw));
        assertThat(read.layers()).hasSize(2);
    }

    @Test
    void dockerMediaTypesAreWrittenAndRead() {
        Image docker = TestImages.image(AMD64, ImageFormat.DOCKER);
        OciLayout layout = OciLayout.create(dir);
        Descriptor d = layout.writeImage(docker, "d");
        assertThat(d.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        Image read = layout.image("d");
        assertThat(read.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(read.layers()).extracting(Layer::mediaType).containsOnly(MediaType.DOCKER_LAYER);
    }

    @Test
    void foreignLayersTheSourceLacksAreSkipped() {
        Layer content = TestImages.layer("foreign", "f");
        Descriptor foreign = content.descriptor().withMediaType(MediaType.OCI_LAYER_NONDIST_GZIP)
                .withUrls(List.of("https://example.com/layer.tar.gz"));
        Layer unavailable = Layers.fromBlobFile(dir.resolve("not-here"), foreign, content.diffId());
        Image image = Mutate.appendLayers(Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI),
                List.of(unavailable, TestImages.layer("local", "l")));
        OciLayout layout = OciLayout.create(dir.resolve("oci"));
        layout.writeImage(image, "win");

        Image read = layout.image("win");
        assertThat(read.manifest().layers().getFirst().urls()).containsExactly("https://example.com/layer.tar.gz");
        assertThat(layout.hasBlob(content.digest())).isFalse();
        assertThat(layout.hasBlob(image.layers().get(1).digest())).isTrue();
    }

    @Test
    void distributableLayersTheSourceLacksFailTheWrite() {
        Layer content = TestImages.layer("gone", "g");
        Layer unavailable = Layers.fromBlobFile(dir.resolve("not-here"), content.descriptor(), content.diffId());
        Image image = Mutate.appendLayers(Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI), List.of(unavailable));
        OciLayout layout = OciLayout.create(dir.resolve("oci"));
        assertThatThrownBy(() -> layout.writeImage(image, "x"))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("read layer " + content.digest() + " from file " + dir.resolve("not-here") + ": missing");
        assertThat(layout.tags()).isEmpty();
        assertThat(layout.hasBlob(image.digest())).isFalse();
    }

    @Test
    void filesAreReadableByOthersLikeSkopeosAndNoTempFilesRemain() throws IOException {
        OciLayout layout = OciLayout.create(dir.resolve("oci"));
        Image image = TestImages.image();
        layout.writeImage(image, "x");
        for (Path f : files(layout.root())) {
            assertThat(f.getFileName().toString()).doesNotStartWith(".");
            assertThat(Files.getPosixFilePermissions(f)).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        }
    }

    @Test
    void concurrentTaggingThroughTwoInstancesLosesNoTag() throws Exception {
        OciLayout first = OciLayout.create(dir);
        OciLayout second = OciLayout.open(dir);
        Descriptor d = first.writeImage(TestImages.image());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            OciLayout layout = i % 2 == 0 ? first : second;
            String tag = "t" + i;
            threads.add(Thread.ofVirtual().start(() -> layout.tag(d, tag)));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(first.tags()).hasSize(16);
    }
}
