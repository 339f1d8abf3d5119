package dev.kiln.executor.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code $BUILDER_OUTPUT/images}, compared with kaniko's TestWriteImageOutputs. */
class BuilderOutputTest {

    private static final Digest DIGEST = Digest.sha256("kiln".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void oneJsonLinePerDestinationAsKanikoWritesIt() throws IOException {
        BuilderOutput.write(Map.of("BUILDER_OUTPUT", dir.toString()), DIGEST,
                List.of("gcr.io/foo/bar:latest", "gcr.io/baz/qux:latest"));
        assertThat(Files.readString(dir.resolve("images"))).isEqualTo(
                "{\"name\":\"gcr.io/foo/bar:latest\",\"digest\":\"" + DIGEST + "\"}\n"
                        + "{\"name\":\"gcr.io/baz/qux:latest\",\"digest\":\"" + DIGEST + "\"}\n");
    }

    @Test
    void theNameIsTheDestinationAsGiven() {
        assertThat(BuilderOutput.content(DIGEST, List.of("bob/image")))
                .isEqualTo("{\"name\":\"bob/image\",\"digest\":\"" + DIGEST + "\"}\n");
    }

    @Test
    void nothingIsWrittenWithoutTheVariable() throws IOException {
        BuilderOutput.write(Map.of(), DIGEST, List.of("a/b"));
        BuilderOutput.write(Map.of("BUILDER_OUTPUT", ""), DIGEST, List.of("a/b"));
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> BuilderOutput.write(Map.of("BUILDER_OUTPUT", missing.toString()), DIGEST, List.of("a")))
                .isInstanceOf(OutputException.class)
                .hasMessage("writing image outputs to " + missing.resolve("images") + " failed: " + missing
                        + ": no such directory");
    }
}
