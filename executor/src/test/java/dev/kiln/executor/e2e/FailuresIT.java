package dev.kiln.executor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a build fails: the exit code (a failed RUN's own, else 1), the one last line kaniko prints
 * ({@code error building image: ...}) naming what failed, and no output of any kind left behind.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class FailuresIT {

    private static RegistryServer registry;

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        BaseImages.pushBusybox(registry, "busybox:latest");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void workspace() {
        ws = new Workspace(dir, registry.reference("busybox:latest"));
    }

    /** Every output flag at once, all pointing into the workspace, with a destination that is not pushed. */
    private List<String> allOutputs(String... more) {
        List<String> args = new ArrayList<>(List.of("--no-push", "--insecure-pull",
                "--destination=" + registry.reference("failed:1"),
                "--tar-path=" + ws.out("image.tar"), "--oci-layout-path=" + ws.out("layout"),
                "--digest-file=" + ws.out("digest"), "--image-name-with-digest-file=" + ws.out("name"),
                "--image-name-tag-with-digest-file=" + ws.out("name-tag")));
        args.addAll(List.of(more));
        return args;
    }

    private void assertNothingWritten() {
        for (String name : List.of("image.tar", "layout", "digest", "name", "name-tag")) {
            assertThat(ws.out(name)).as("output %s after a failed build", name).doesNotExist();
        }
    }

    @Test
    void aFailedRunExitsWithItsExitCodeAndOneLastLineNamingTheStep() {
        ws.dockerfile("""
                FROM BASE
                RUN echo fine > /fine
                RUN echo about to fail && exit 3
                RUN echo never > /never
                """);
        ExecutorRun r = ws.run(allOutputs().toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.stdout().lines().filter(l -> !l.isBlank()).toList()).as(r.describe()).hasSize(1);
        assertThat(r.lastLine()).startsWith("error building image: ")
                .contains("step 2/3").contains("exit 3").contains("exit code: 3");
        assertThat(r.logged("about to fail")).as("the RUN's output is in the log").isTrue();
        assertThat(r.logged("never")).as("no step after the failed one runs").isFalse();
        assertNothingWritten();
    }

    @Test
    void aFailedRunInAnotherStageFailsTheBuildWithThatCode() {
        ws.dockerfile("""
                FROM BASE AS helper
                RUN exit 42
                FROM BASE
                COPY --from=helper /etc/passwd /passwd
                """);
        ExecutorRun r = ws.run(allOutputs().toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(42);
        assertThat(r.lastLine()).startsWith("error building image: ").contains("helper").contains("exit 42");
        assertNothingWritten();
    }

    @Test
    void anUnknownBaseImageExitsOneNamingTheReference() {
        String missing = registry.reference("no-such-image:1.0");
        ws.file("Dockerfile", "FROM " + missing + "\nRUN true\n");
        ExecutorRun r = ws.run(allOutputs().toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).startsWith("error building image: ").contains(missing);
        assertThat(r.logged("Building stage")).as("no stage starts without its base").isFalse();
        assertNothingWritten();
    }

    @Test
    void aDockerfileSyntaxErrorExitsOneNamingTheLine() {
        ws.dockerfile("""
                FROM BASE
                RUN true
                NOSUCHINSTRUCTION foo
                """);
        ExecutorRun r = ws.run(allOutputs().toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).startsWith("error building image: ").contains("Dockerfile:3");
        assertNothingWritten();
    }

    @Test
    void aMissingCopySourceExitsOneNamingTheFileAndTheLine() {
        ws.dockerfile("""
                FROM BASE
                RUN true
                COPY missing.txt /missing.txt
                """);
        ExecutorRun r = ws.run(allOutputs().toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).startsWith("error building image: ").contains("missing.txt").contains("line 3")
                .contains("step 2/2");
        assertNothingWritten();
    }

    @Test
    void anUnknownTargetExitsOneNamingIt() {
        ws.dockerfile("FROM BASE AS known\nRUN true\n");
        ExecutorRun r = ws.run(allOutputs("--target=nosuchstage").toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).startsWith("error building image: ").contains("\"nosuchstage\"");
        assertThat(r.logged("Building stage")).isFalse();
        assertNothingWritten();
    }

    @Test
    void aBadFlagValueFailsBeforeTheBuildNamingTheFlag() {
        ws.dockerfile("FROM BASE\nRUN true\n");
        ExecutorRun r = ws.run("--no-push", "--compression=brotli");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).contains("--compression").contains("brotli");
        assertThat(r.logged("Building stage")).isFalse();
        assertThat(ws.workDir()).doesNotExist();
    }

    @Test
    void theWorkDirectoryHoldsNothingOfAFailedBuild() throws Exception {
        ws.dockerfile("""
                FROM BASE
                RUN echo data > /data && exit 5
                """);
        ExecutorRun r = ws.run(allOutputs().toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(5);
        Path builds = ws.workDir().resolve("builds");
        if (Files.isDirectory(builds)) {
            try (var s = Files.list(builds)) {
                assertThat(s.toList()).as("build directories left in %s", builds).isEmpty();
            }
        }
    }
}
