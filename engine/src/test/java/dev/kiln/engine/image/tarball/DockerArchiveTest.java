package dev.kiln.engine.image.tarball;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveTest {

    @TempDir
    Path dir;

    /** Tar entry name to content (directories map to empty arrays), in archive order. */
    private static Map<String, byte[]> entries(Path tar) throws IOException {
        Map<String, byte[]> result = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                result.put(e.getName(), in.readAllBytes());
            }
        }
        return result;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesManifestConfigAndUncompressedLayersAsDockerSaveDoes() throws IOException {
        Image image = TestImages.image();
        Path file = dir.resolve("image.tar");
        DockerArchive.write(file, image, List.of("example.com/app:1.0", "app:latest"));

        Map<String, byte[]> entries = entries(file);
        String config = image.configDigest().encoded() + ".json";
        List<String> layerNames = image.layers().stream().map(l -> l.diffId().encoded() + "/layer.tar").toList();
        JsonArray manifest = new JsonArray(new String(entries.get("manifest.json"), StandardCharsets.UTF_8));
        assertThat(manifest).hasSize(1);
        assertThat(manifest.getJsonObject(0)).isEqualTo(new JsonObject()
                .put("Config", config)
                .put("RepoTags", new JsonArray().add("example.com/app:1.0").add("app:latest"))
                .put("Layers", new JsonArray(List.copyOf(layerNames))));
        assertThat(entries.get(config)).isEqualTo(image.rawConfig());
        for (Layer layer : image.layers()) {
            byte[] tar = entries.get(layer.diffId().encoded() + "/layer.tar");
            assertThat(Digest.sha256(tar)).isEqualTo(layer.diffId());
            assertThat(tar).isEqualTo(read(layer.openUncompressed()));
        }
        String top = image.layers().getLast().diffId().encoded();
        assertThat(new JsonObject(new String(entries.get("repositories"), StandardCharsets.UTF_8)))
                .isEqualTo(new JsonObject()
                        .put("example.com/app", new JsonObject().put("1.0", top))
                        .put("app", new JsonObject().put("latest", top)));
    }

    @Test
    void entriesHaveFixedOwnersModesAndTimesSoOutputIsDeterministic() throws IOException {
        Image image = TestImages.image();
        DockerArchive.write(dir.resolve("a.tar"), image, List.of("app:1"));
        DockerArchive.write(dir.resolve("b.tar"), image, List.of("app:1"));
        assertThat(Files.readAllBytes(dir.resolve("a.tar"))).isEqualTo(Files.readAllBytes(dir.resolve("b.tar")));
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(dir.resolve("a.tar")))) {
            TarArchiveEntry e;
            int count = 0;
            while ((e = in.getNextEntry()) != null) {
                count++;
                assertThat(e.getLongUserId()).isZero();
                assertThat(e.getModTime().getTime()).isZero();
                assertThat(e.getMode() & 0777).isEqualTo(e.isDirectory() ? 0755 : 0644);
            }
            assertThat(count).isEqualTo(1 + 2 * 2 + 2);
        }
    }

    @Test
    void sharedLayersAndConfigsAreStoredOnce() throws IOException {
        Image amd = TestImages.image();
        Image more = Mutate.appendLayers(amd, List.of(TestImages.layer("extra", "x")));
        Image docker = Mutate.mediaTypes(amd, ImageFormat.DOCKER);
        Path file = dir.resolve("multi.tar");
        DockerArchive.write(file, List.of(new DockerArchive.Entry(amd, List.of("a:1")),
                new DockerArchive.Entry(more, List.of("b:1")), new DockerArchive.Entry(docker, List.of())));

        Map<String, byte[]> entries = entries(file);
        // 2 configs, 3 layer dirs + layer.tar, manifest.json, repositories
        assertThat(entries).hasSize(2 + 3 * 2 + 2);
        JsonArray manifest = new JsonArray(new String(entries.get("manifest.json"), StandardCharsets.UTF_8));
        assertThat(manifest).hasSize(3);
        assertThat(manifest.getJsonObject(1).getJsonArray("Layers")).hasSize(3);
        assertThat(manifest.getJsonObject(2).getString("Config")).isEqualTo(manifest.getJsonObject(0).getString("Config"));
        assertThat(manifest.getJsonObject(2).getJsonArray("RepoTags")).isEmpty();
    }

    @Test
    void imageWithTheSameLayerTwiceListsItTwiceAndStoresItOnce() throws IOException {
        Layer layer = TestImages.layer("same", "same");
        Image image = Mutate.appendLayers(Mutate.empty(TestImages.config(Platform.of("linux", "amd64")),
                ImageFormat.OCI), List.of(layer, layer));
        Path file = dir.resolve("twice.tar");
        DockerArchive.write(file, image, List.of("t:1"));
        Map<String, byte[]> entries = entries(file);
        JsonArray layers = new JsonArray(new String(entries.get("manifest.json"), StandardCharsets.UTF_8))
                .getJsonObject(0).getJsonArray("Layers");
        assertThat(strings(layers)).containsExactly(layer.diffId().encoded() + "/layer.tar",
                layer.diffId().encoded() + "/layer.tar");
        assertThat(entries.keySet().stream().filter(n -> n.endsWith("layer.tar"))).hasSize(1);
    }

    @Test
    void existingFileIsReplaced() throws IOException {
        Path file = Files.writeString(dir.resolve("image.tar"), "old");
        DockerArchive.write(file, TestImages.image(), List.of("app:1"));
        assertThat(entries(file)).containsKey("manifest.json");
    }

    @Test
    void failingLayerLeavesNoTarballAndNoTempFile() throws IOException {
        Layer good = TestImages.layer("f", "content");
        Path blob = Files.write(dir.resolve("blob"), read(good.openCompressed()));
        Layer wrongDiffId = Layers.fromBlobFile(blob, good.descriptor(), Digest.sha256(new byte[] {1}));
        Image image = Mutate.appendLayers(Mutate.empty(TestImages.config(Platform.of("linux", "amd64")),
                ImageFormat.OCI), List.of(wrongDiffId));
        Path file = dir.resolve("out.tar");

        assertThatThrownBy(() -> DockerArchive.write(file, image, List.of("app:1")))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("read uncompressed layer " + good.digest());
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(blob);
        }
    }

    @Test
    void tagsMustBeNameColonTag() {
        Image image = TestImages.image();
        for (String bad : List.of("app", "App:1", "app@sha256:" + "a".repeat(64), "app:", ":1", "app:-x")) {
            assertThatThrownBy(() -> DockerArchive.write(dir.resolve("x.tar"), image, List.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid docker archive tag \"" + bad + "\": expected [domain/]name:tag with a lower-case name");
        }
        assertThat(dir.resolve("x.tar")).doesNotExist();
    }

    @Test
    void aTagMayNameOnlyOneImage() {
        Image one = TestImages.image();
        Image two = Mutate.appendLayers(one, List.of(TestImages.layer("x", "x")));
        Path file = dir.resolve("dup.tar");
        assertThatThrownBy(() -> DockerArchive.write(file, List.of(new DockerArchive.Entry(one, List.of("app:1")),
                new DockerArchive.Entry(two, List.of("app:1")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("write docker archive " + file + ": tag \"app:1\" given to more than one image");
    }

    @Test
    void tarballIsReadableByOthers() throws IOException {
        Path file = dir.resolve("image.tar");
        DockerArchive.write(file, TestImages.image(), List.of("app:1"));
        assertThat(Files.getPosixFilePermissions(file)).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(String.class::cast).toList();
    }
}
