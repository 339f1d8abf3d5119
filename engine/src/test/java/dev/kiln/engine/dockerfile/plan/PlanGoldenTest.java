package dev.kiln.engine.dockerfile.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.kiln.engine.dockerfile.parser.DockerfileParseException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests: every directory under {@code dockerfile/plan/golden/} holds a {@code Dockerfile}, optional
 * {@code args} ({@link GoldenArgs}) and the {@code result} of {@link Plan#dump()}; every directory under
 * {@code dockerfile/plan/negative/} holds a {@code Dockerfile}, optional {@code args} and the exact
 * {@code error}. With {@code KILN_UPDATE_GOLDEN=1} (environment or system property) the expected files in the
 * source tree are rewritten instead of compared; review the diff before committing.
 */
class PlanGoldenTest {

    private static final String ROOT = "/dev/kiln/engine/dockerfile/plan/";
    private static final Path SOURCE_RESOURCES = Path.of("src/test/resources/dev/kiln/engine/dockerfile/plan");

    @TestFactory
    Stream<DynamicTest> goldenDockerfilesPlanToTheirResult() throws IOException {
        return cases("golden").map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Plan plan = Planner.plan("Dockerfile", Files.readAllBytes(dir.resolve("Dockerfile")), options(dir));
            String actual = plan.dump();
            if (updating()) {
                write("golden", dir, "result", actual);
                return;
            }
            assertThat(dir.resolve("result")).as("expected result file").exists();
            assertThat(actual).isEqualTo(Files.readString(dir.resolve("result")));
        }));
    }

    @TestFactory
    Stream<DynamicTest> negativeDockerfilesFailWithTheirMessage() throws IOException {
        return cases("negative").map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            byte[] content = Files.readAllBytes(dir.resolve("Dockerfile"));
            PlanOptions options = options(dir);
            if (updating()) {
                try {
                    Planner.plan("Dockerfile", content, options);
                    fail("expected an error for " + dir);
                } catch (PlanException | DockerfileParseException e) {
                    write("negative", dir, "error", e.getMessage() + "\n");
                }
                return;
            }
            String expected = Files.readString(dir.resolve("error")).stripTrailing();
            assertThatThrownBy(() -> Planner.plan("Dockerfile", content, options))
                    .isInstanceOfAny(PlanException.class, DockerfileParseException.class)
                    .hasMessage(expected);
        }));
    }

    private static PlanOptions options(Path dir) throws IOException {
        Path args = dir.resolve("args");
        return GoldenArgs.read(Files.exists(args) ? Files.readAllLines(args) : List.of());
    }

    private static Stream<Path> cases(String kind) throws IOException {
        Path root;
        try {
            root = Path.of(PlanGoldenTest.class.getResource(ROOT + kind).toURI());
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
