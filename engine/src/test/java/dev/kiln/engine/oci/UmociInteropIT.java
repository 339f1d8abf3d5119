package dev.kiln.engine.oci;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.kiln.engine.oci.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads documents written by real Go tools. umoci writes with the OCI Go types and {@code json.Encoder},
 * which appends a newline: {@code toBytes()} must reproduce everything before that newline byte for byte.
 * skopeo's Docker schema2 conversion (containers/image orders descriptor fields differently) must parse
 * and round-trip. Both show why callers keep the raw bytes of content they did not write.
 */
class UmociInteropIT {

    @TempDir
    static Path dir;

    static Path layout;

    @BeforeAll
    static void buildImageWithUmoci() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/umoci")), "umoci is not installed");
        layout = dir.resolve("layout");
        Path file = dir.resolve("hello");
        Files.writeString(file, "hi\n");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":t");
        run("umoci", "insert", "--image", layout + ":t", "--history.comment", "add <hello>", file.toString(),
                "/etc/hello");
        run("umoci", "config", "--image", layout + ":t", "--config.user", "1000:1000",
                "--config.exposedports", "8080/tcp", "--config.exposedports", "53/udp", "--config.env", "A=b&c",
                "--config.entrypoint", "/bin/sh", "--config.entrypoint", "-c", "--config.cmd", "echo <ok> && true",
                "--config.volume", "/data", "--config.workingdir", "/srv", "--config.label", "b=2",
                "--config.label", "a=1", "--config.stopsignal", "SIGQUIT", "--author", "me <me@example.com>",
                "--architecture", "arm64", "--history.created_by", "umoci config");
    }

    @Test
    void umociIndexManifestsAndConfigsAreReproducedByteForByte() throws IOException {
        byte[] indexBytes = Files.readAllBytes(layout.resolve("index.json"));
        IndexManifest index = IndexManifest.parse(indexBytes);
        assertThat(goEncoderOutput(index.toBytes())).isEqualTo(Fixtures.string(indexBytes));

        byte[] manifestBytes = blob(index.manifests().getFirst().digest());
        Manifest manifest = Manifest.parse(manifestBytes);
        assertThat(manifest.mediaType()).isNull();
        assertThat(manifest.layers()).hasSize(1);
        assertThat(goEncoderOutput(manifest.toBytes())).isEqualTo(Fixtures.string(manifestBytes));

        byte[] configBytes = blob(manifest.config().digest());
        ImageConfig config = ImageConfig.parse(configBytes);
        assertThat(config.config().cmd()).containsExactly("echo <ok> && true");
        assertThat(config.config().exposedPorts()).containsExactly("53/udp", "8080/tcp");
        assertThat(config.platform()).isEqualTo(Platform.parse("linux/arm64"));
        assertThat(config.history()).extracting(History::emptyLayer).containsExactly(false, true);
        assertThat(goEncoderOutput(config.toBytes())).isEqualTo(Fixtures.string(configBytes));
        assertThat(Digest.sha256(utf8(goEncoderOutput(config.toBytes())))).isEqualTo(manifest.config().digest());
    }

    @Test
    void skopeoDockerSchema2ConversionParsesAndRoundTrips() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is not installed");
        Path out = dir.resolve("v2s2");
        run("skopeo", "copy", "--format", "v2s2", "oci:" + layout + ":t", "dir:" + out);
        byte[] raw = Files.readAllBytes(out.resolve("manifest.json"));
        Manifest manifest = Manifest.parse(raw);
        assertThat(manifest.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(manifest.config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
        assertThat(manifest.layers().getFirst().mediaType()).isEqualTo(MediaType.DOCKER_LAYER);
        assertThat(Manifest.parse(manifest.toBytes())).isEqualTo(manifest);
        // the config blob is carried over untouched, so the model still reproduces it exactly
        byte[] configBytes = Files.readAllBytes(out.resolve(manifest.config().digest().encoded()));
        assertThat(goEncoderOutput(ImageConfig.parse(configBytes).toBytes())).isEqualTo(Fixtures.string(configBytes));
        // the manifest is rewritten in containers/image's field order (mediaType, size, digest)
        assertThat(Fixtures.string(raw)).contains("\"size\":" + manifest.config().size() + ",\"digest\"");
    }

    /** What Go's {@code json.Encoder.Encode} writes: the compact document and a newline. */
    private static String goEncoderOutput(byte[] compact) {
        return Fixtures.string(compact) + "\n";
    }

    private static byte[] blob(Digest digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs").resolve(digest.algorithm().id()).resolve(digest.encoded()));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        assertThat(p.exitValue()).as("%s failed: %s", String.join(" ", command), output).isZero();
    }
}
