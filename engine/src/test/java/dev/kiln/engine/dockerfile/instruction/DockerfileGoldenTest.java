package dev.kiln.engine.dockerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.kiln.engine.dockerfile.parser.DockerfileParseException;
import dev.kiln.engine.dockerfile.parser.DockerfileParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests: every directory under {@code dockerfile/parser/golden/} holds a {@code Dockerfile} and the
 * {@code result} of parsing it ({@link GoldenDump}); every directory under {@code dockerfile/parser/negative/}
 * holds a {@code Dockerfile} and the exact {@code error} message. The expected files were checked against
 * BuildKit's own parser. With {@code KILN_UPDATE_GOLDEN=1} (environment or system property) the expected
 * files in the source tree are rewritten instead of compared; review the diff before committing.
 */
class DockerfileGoldenTest {

    private static final String ROOT = "/dev/kiln/engine/dockerfile/parser/";
    private static final Path SOURCE_RESOURCES = Path.of("src/test/resources/dev/kiln/engine/dockerfile/parser");

    @TestFactory
    Stream<DynamicTest> goldenDockerfilesParseToTheirResult() throws IOException {
        return cases("golden").map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            byte[] content = Files.readAllBytes(dir.resolve("Dockerfile"));
            String actual = GoldenDump.dump(DockerfileParser.parse("Dockerfile", content),
                    Dockerfile.parse("Dockerfile", content));
            if (updating()) {
                write("golden", dir, "result", actual);
                return;
            }
            assertThat(dir.resolve("result")).as("expected result file").exists();
            assertThat(actual).isEqualTo(Files.readString(dir.resolve("result")));
        }));
    }

    @TestFactory
    Stream<DynamicTest> negativeDockerfilesAreRejectedWithTheirMessage() throws IOException {
        return cases("negative").map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            byte[] content = Files.readAllBytes(dir.resolve("Dockerfile"));
            if (updating()) {
                try {
                    Dockerfile.parse("Dockerfile", content);
                    fail("expected a parse error for " + dir);
                } catch (DockerfileParseException e) {
                    write("negative", dir, "error", e.getMessage() + "\n");
                }
                return;
            }
            String expected = Files.readString(dir.resolve("error")).stripTrailing();
            assertThatThrownBy(() -> Dockerfile.parse("Dockerfile", content))
                    .isInstanceOf(DockerfileParseException.class)
                    .hasMessage(expected)
                    .satisfies(e -> {
                        DockerfileParseException pe = (DockerfileParseException) e;
                        assertThat(pe.fileName()).isEqualTo("Dockerfile");
                        assertThat(pe.endLine()).isGreaterThanOrEqualTo(pe.startLine());
                        assertThat(expected).startsWith(pe.range().file() + (pe.startLine() == 0 ? ":" : ":" + pe.startLine() + ":"));
                        assertThat(expected).endsWith(pe.reason());
                    });
        }));
    }

    private static Stream<Path> cases(String kind) throws IOException {
        Path root;
        try {
            root = Path.of(DockerfileGoldenTest.class.getResource(ROOT + kind).toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    private static boolean updating() {
        return "1".equals(System.getenv("KILN_UPDATE_GOLDEN")) || "1".equals(System.getProperty("KILN_UPDATE_GOLDEN"));
    }

    private static void write(String kind, Path dir, String file, String text) throws IOException {
        Path target = SOURCE_RESOURCES.resolve(kind).resolve(dir.getFileName().toString()).resolve(file);
        Files.writeString(target, text, StandardCharsets.UTF_8);
    }
}
