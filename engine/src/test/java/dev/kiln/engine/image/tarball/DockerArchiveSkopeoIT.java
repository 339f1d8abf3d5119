package dev.kiln.engine.image.tarball;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.oci.Platform;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.CommandResult;
import dev.kiln.testkit.process.Tool;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real skopeo reads docker-save tarballs Kiln writes through its docker-archive transport. */
@RequiresTools(Tool.SKOPEO)
class DockerArchiveSkopeoIT {

    @TempDir
    Path dir;

    private CommandResult skopeo(String... args) {
        return Command.of(Tool.SKOPEO, "--insecure-policy").args(args).in(dir).check();
    }

    /** What skopeo printed, as bytes (the raw manifests and configs it prints are UTF-8 JSON). */
    private static byte[] bytes(CommandResult result) {
        return result.stdout().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void skopeoInspectsTheTarballWithTheSameConfigAndDiffIds() {
        Image image = TestImages.image();
        Path file = dir.resolve("image.tar");
        DockerArchive.write(file, image, List.of("example.com/app:1.0"));
        String ref = "docker-archive:" + file;

        assertThat(bytes(skopeo("inspect", "--config", "--raw", ref))).isEqualTo(image.rawConfig());
        JsonObject inspect = new JsonObject(skopeo("inspect", ref).stdout());
        assertThat(inspect.getString("Architecture")).isEqualTo("amd64");
        assertThat(inspect.getString("Os")).isEqualTo("linux");
        // docker-archive layers are the uncompressed tars, so skopeo names them by diff ID
        assertThat(strings(inspect.getJsonArray("Layers")))
                .containsExactlyElementsOf(image.layers().stream().map(l -> l.diffId().toString()).toList());
        JsonObject manifest = new JsonObject(skopeo("inspect", "--raw", ref).stdout());
        assertThat(manifest.getJsonObject("config").getString("digest")).isEqualTo(image.configDigest().toString());
    }

    @Test
    void skopeoCopiesTheTarballIntoALayoutKilnReadsBack() throws IOException {
        Image image = TestImages.image(Platform.of("linux", "arm64", "v8"), ImageFormat.OCI);
        Path file = dir.resolve("image.tar");
        DockerArchive.write(file, image, List.of("app:1"));
        Path layout = dir.resolve("oci");
        skopeo("copy", "docker-archive:" + file, "oci:" + layout + ":copied");

        // converting the archive's Docker manifest to OCI, skopeo re-serialises the config (Go field order),
        // so compare the parsed config; the dir: copy below shows the archive itself kept the bytes
        Image copied = OciLayout.open(layout).image("copied");
        assertThat(copied.config()).isEqualTo(image.config());
        assertThat(copied.layers()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Layer expected = image.layers().get(i);
            Layer actual = copied.layers().get(i);
            assertThat(actual.diffId()).isEqualTo(expected.diffId());
            assertThat(read(actual.openUncompressed())).isEqualTo(read(expected.openUncompressed()));
        }
        Path plain = dir.resolve("dir");
        skopeo("copy", "docker-archive:" + file, "dir:" + plain);
        assertThat(Files.readAllBytes(plain.resolve(image.configDigest().encoded()))).isEqualTo(image.rawConfig());
    }

    @Test
    void skopeoPicksAnImageByTagFromATarballWithSeveral() {
        Image one = TestImages.image();
        Image two = Mutate.appendLayers(one, List.of(TestImages.layer("extra", "x")));
        Path file = dir.resolve("multi.tar");
        DockerArchive.write(file, List.of(new DockerArchive.Entry(one, List.of("app:one")),
                new DockerArchive.Entry(two, List.of("app:two", "other/app:latest"))));

        JsonObject byTag = new JsonObject(skopeo("inspect", "docker-archive:" + file + ":other/app:latest").stdout());
        assertThat(byTag.getJsonArray("Layers")).hasSize(3);
        JsonObject byIndex = new JsonObject(skopeo("inspect", "docker-archive:" + file + ":@0").stdout());
        assertThat(byIndex.getJsonArray("Layers")).hasSize(2);
        assertThat(bytes(skopeo("inspect", "--config", "--raw", "docker-archive:" + file + ":app:two")))
                .isEqualTo(two.rawConfig());
    }

    @Test
    void dockerFormatImagesKeepTheirConfigBytesInTheTarball() {
        Image image = Mutate.mediaTypes(TestImages.image(), ImageFormat.DOCKER);
        Path file = dir.resolve("docker.tar");
        DockerArchive.write(file, image, List.of("app:docker"));
        assertThat(bytes(skopeo("inspect", "--config", "--raw", "docker-archive:" + file)))
                .isEqualTo(image.rawConfig());
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(String.class::cast).toList();
    }
}
