package dev.kiln.engine.image;

import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small tars, layers and images built in tests. */
public final class TestImages {

    public static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");

    private TestImages() {
    }

    /** A tar holding {@code files} (path to UTF-8 content), deterministic headers. */
    public static byte[] tar(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(content.length);
                e.setMode(0644);
                e.setModTime(CREATED.toEpochMilli());
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A gzip layer with one file. */
    public static Layer layer(String path, String content) {
        return Layers.fromTarBytes(tar(Map.of(path, content)), LayerCompression.gzip());
    }

    /** A config for {@code platform} with a Cmd and Env, created at {@link #CREATED}. */
    public static ImageConfig config(Platform platform) {
        ContainerConfig cc = ContainerConfig.empty()
                .withEnv(List.of("PATH=/usr/bin:/bin"))
                .withCmd(List.of("/bin/sh"));
        return ImageConfig.of(platform).withCreated(CREATED).withConfig(cc);
    }

    /** An image for {@code platform} with two gzip layers whose files name the platform. */
    public static Image image(Platform platform, ImageFormat format) {
        Image empty = Mutate.empty(config(platform), format);
        return Mutate.appendLayers(empty, List.of(
                layer("etc/os-release", "ID=test\n"),
                layer("etc/platform", platform + "\n")));
    }

    /** An OCI linux/amd64 image with two layers. */
    public static Image image() {
        return image(Platform.of("linux", "amd64"), ImageFormat.OCI);
    }
}
