package dev.kiln.engine.image.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.TestImages;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real skopeo reads OCI layouts Kiln writes, and Kiln reads what skopeo copies. */
@RequiresTools(Tool.SKOPEO)
class OciLayoutSkopeoIT {

    @TempDir
    Path dir;

    private CommandResult skopeo(String... args) {
        return Command.of(Tool.SKOPEO, "--insecure-policy").args(args).in(dir).check();
    }

    /** What skopeo printed, as bytes (the raw manifests and configs it prints are UTF-8 JSON). */
    private static byte[] bytes(CommandResult result) {
        return result.stdout().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void skopeoInspectsAnOciImageWithTheSameDigestConfigAndLayers() {
        Image image = TestImages.image();
        Path layout = dir.resolve("oci");
        OciLayout.create(layout).writeImage(image, "app:1.0");
        String ref = "oci:" + layout + ":app:1.0";

        assertThat(bytes(skopeo("inspect", "--raw", ref))).isEqualTo(image.rawManifest());
        assertThat(bytes(skopeo("inspect", "--config", "--raw", ref))).isEqualTo(image.rawConfig());
        JsonObject inspect = new JsonObject(skopeo("inspect", ref).stdout());
        assertThat(inspect.getString("Digest")).isEqualTo(image.digest().toString());
        assertThat(inspect.getString("Architecture")).isEqualTo("amd64");
        assertThat(inspect.getString("Os")).isEqualTo("linux");
        assertThat(strings(inspect.getJsonArray("Layers")))
                .containsExactlyElementsOf(image.layers().stream().map(l -> l.digest().toString()).toList());
        assertThat(strings(inspect.getJsonArray("Env"))).containsExactly("PATH=/usr/bin:/bin");
    }

    @Test
    void skopeoCopiesAnOciImageToADirectoryUnchanged() throws IOException {
        Image image = TestImages.image();
        Path layout = dir.resolve("oci");
        OciLayout.create(layout).writeImage(image, "app");
        Path out = dir.resolve("copy");
        skopeo("copy", "oci:" + layout + ":app", "dir:" + out);

        assertThat(Files.readAllBytes(out.resolve("manifest.json"))).isEqualTo(image.rawManifest());
        assertThat(Files.readAllBytes(out.resolve(image.configDigest().encoded()))).isEqualTo(image.rawConfig());
        for (Layer layer : image.layers()) {
            try (var in = layer.openCompressed()) {
                assertThat(Files.readAllBytes(out.resolve(layer.digest().encoded()))).isEqualTo(in.readAllBytes());
            }
        }
    }

    @Test
    void skopeoSeesOnlyOciEntriesOfIndexJsonSoDockerImagesAreConvertedFirst() {
        // containers/image (skopeo 1.9) skips index.json entries whose media type is not OCI: a Docker-format
        // image in a layout is invisible to it. Converting the media types keeps config and layer bytes.
        Image docker = TestImages.image(Platform.of("linux", "amd64"), ImageFormat.DOCKER);
        Path layout = dir.resolve("oci");
        OciLayout kiln = OciLayout.create(layout);
        kiln.writeImage(docker, "docker");
        assertThat(Command.of(Tool.SKOPEO, "--insecure-policy", "inspect", "--raw",
                "oci:" + layout + ":docker").in(dir).run().stderr()).contains("no descriptor found for reference");

        Image oci = Mutate.mediaTypes(docker, ImageFormat.OCI);
        kiln.writeImage(oci, "oci");
        JsonObject inspect = new JsonObject(skopeo("inspect", "oci:" + layout + ":oci").stdout());
        assertThat(inspect.getString("Digest")).isEqualTo(oci.digest().toString());
        assertThat(bytes(skopeo("inspect", "--config", "--raw", "oci:" + layout + ":oci")))
                .isEqualTo(docker.rawConfig());
    }

    @Test
    void skopeoPicksEachPlatformFromAnIndexKilnWrote() {
        Image amd = TestImages.image(Platform.of("linux", "amd64"), ImageFormat.OCI);
        Image arm = TestImages.image(Platform.of("linux", "arm64", "v8"), ImageFormat.OCI);
        ImageIndex index = Mutate.index(ImageFormat.OCI, List.of(amd, arm));
        Path layout = dir.resolve("oci");
        OciLayout.create(layout).writeIndex(index, "multi");
        String ref = "oci:" + layout + ":multi";

        assertThat(bytes(skopeo("inspect", "--raw", ref))).isEqualTo(index.rawManifest());
        // skopeo inspect reports the index digest and the picked image's config and layers
        JsonObject armInspect = new JsonObject(skopeo("--override-arch", "arm64", "inspect", ref).stdout());
        assertThat(armInspect.getString("Digest")).isEqualTo(index.digest().toString());
        assertThat(armInspect.getString("Architecture")).isEqualTo("arm64");
        assertThat(strings(armInspect.getJsonArray("Layers")))
                .containsExactlyElementsOf(arm.layers().stream().map(l -> l.digest().toString()).toList());
        JsonObject amdInspect = new JsonObject(skopeo("--override-arch", "amd64", "inspect", ref).stdout());
        assertThat(amdInspect.getString("Architecture")).isEqualTo("amd64");
        assertThat(strings(amdInspect.getJsonArray("Layers")))
                .containsExactlyElementsOf(amd.layers().stream().map(l -> l.digest().toString()).toList());
        assertThat(bytes(skopeo("--override-arch", "arm64", "inspect", "--config", "--raw", ref)))
                .isEqualTo(arm.rawConfig());
    }

    @Test
    void kilnReadsAnIndexSkopeoCopiedWithAllPlatforms() throws IOException {
        Image amd = TestImages.image(Platform.of("linux", "amd64"), ImageFormat.OCI);
        Image arm = TestImages.image(Platform.of("linux", "arm64", "v8"), ImageFormat.OCI);
        ImageIndex index = Mutate.index(ImageFormat.OCI, List.of(amd, arm));
        Path source = dir.resolve("src");
        OciLayout.create(source).writeIndex(index, "multi");
        Path target = dir.resolve("dst");
        skopeo("copy", "--all", "oci:" + source + ":multi", "oci:" + target + ":copied");

        OciLayout copied = OciLayout.open(target);
        ImageIndex read = copied.imageIndex("copied");
        assertThat(read.digest()).isEqualTo(index.digest());
        Image armRead = copied.image("copied", Platform.parse("linux/arm64"));
        assertThat(armRead.rawConfig()).isEqualTo(arm.rawConfig());
        try (var in = armRead.layers().get(1).openUncompressed(); var expected = arm.layers().get(1).openUncompressed()) {
            assertThat(in.readAllBytes()).isEqualTo(expected.readAllBytes());
        }
    }

    @Test
    void skopeoAndKilnShareOneLayoutWithSeveralTags() {
        Image one = TestImages.image();
        Image two = Mutate.appendLayers(one, List.of(TestImages.layer("two", "2")));
        Path layout = dir.resolve("oci");
        OciLayout kiln = OciLayout.create(layout);
        kiln.writeImage(one, "one");
        skopeo("copy", "oci:" + layout + ":one", "oci:" + layout + ":by-skopeo");
        kiln.writeImage(two, "two");

        assertThat(kiln.tags()).containsExactlyInAnyOrder("one", "by-skopeo", "two");
        assertThat(kiln.image("by-skopeo").digest()).isEqualTo(one.digest());
        JsonArray layers = new JsonObject(skopeo("inspect", "oci:" + layout + ":two").stdout()).getJsonArray("Layers");
        assertThat(layers).hasSize(3);
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(String.class::cast).toList();
    }
}
