package dev.kiln.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.run.IsolationKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-place root: kaniko's refusal outside a container (checked with {@code /} as the root, but never
 * reaching a reset), and the reset of a throwaway root that keeps the ignore list.
 */
class InPlaceRootTest {

    private static final ContainerCheck NOT_A_CONTAINER = new ContainerCheck(
            new ContainerCheckTest.FakeHost(Map.of(), Map.of()));
    private static final ContainerCheck A_CONTAINER = new ContainerCheck(
            new ContainerCheckTest.FakeHost(Map.of("/.dockerenv", ""), Map.of()));

    @TempDir
    Path dir;

    private BuildRequest.Builder request(Path root) {
        Path ctx = root.resolve("workspace");
        return BuildRequest.builder(ctx.resolve("Dockerfile"), ctx).isolation(IsolationKind.IN_PLACE)
                .inPlaceRoot(root).workDir(root.resolve("kiln"));
    }

    @Test
    void inTheRealRootOutsideAContainerItRefusesWithKanikosMessageBeforeAnythingElse() {
        // open() deletes nothing; the refusal comes before it even reads the mount table
        assertThatThrownBy(() -> InPlaceRoot.open(request(Path.of("/")).build(), NOT_A_CONTAINER))
                .isInstanceOf(BuildException.class)
                .hasMessage("kiln should only be run inside of a container, run with the --force flag if you are"
                        + " sure you want to continue");
    }

    @Test
    void inTheRealRootForceOrADetectedContainerLetsItProceed() {
        assertThatCode(() -> InPlaceRoot.refuseOutsideContainer(Path.of("/"), true, NOT_A_CONTAINER))
                .doesNotThrowAnyException();
        assertThatCode(() -> InPlaceRoot.refuseOutsideContainer(Path.of("/"), false, A_CONTAINER))
                .doesNotThrowAnyException();
    }

    @Test
    void aSandboxRootNeedsNoContainer() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        assertThatCode(() -> InPlaceRoot.refuseOutsideContainer(root, false, NOT_A_CONTAINER))
                .doesNotThrowAnyException();
        assertThat(InPlaceRoot.open(request(root).build(), NOT_A_CONTAINER).root()).isEqualTo(root.toRealPath());
    }

    @Test
    void aWorkDirectoryOutsideTheRootIsRefused() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        assertThatThrownBy(() -> InPlaceRoot.open(request(root).workDir(dir.resolve("elsewhere")).build(),
                NOT_A_CONTAINER))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("the work directory " + dir.resolve("elsewhere") + " must be inside it");
    }

    @Test
    void aMissingRootIsNamed() {
        assertThatThrownBy(() -> InPlaceRoot.open(request(dir.resolve("nope")).build(), NOT_A_CONTAINER))
                .isInstanceOf(BuildException.class)
                .hasMessageStartingWith("in-place build in " + dir.resolve("nope") + ": ");
    }

    @Test
    void resetDeletesEverythingButTheIgnoreListAndTheDirectoriesAboveIt() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "outside the root");
        write(root, "kiln/builds/b1/state", "work dir");
        write(root, "workspace/Dockerfile", "FROM scratch");
        write(root, "var/run/secrets/token", "mounted");
        write(root, "var/lib/stray", "from the last stage");
        write(root, "etc/mtab", "mounts");
        write(root, "etc/passwd", "root:x:0:0");
        write(root, "tmp/apt-key-gpghome/key", "temporary key");
        write(root, "opt/cache/keep/me", "ignored by --ignore-path");
        write(root, "opt/other", "stray");
        write(root, "bin/busybox", "binary");
        Files.createSymbolicLink(root.resolve("link-out"), outside);
        Files.createSymbolicLink(root.resolve("var/lib/link-in"), root.resolve("kiln"));

        InPlaceRoot inPlace = InPlaceRoot.open(request(root).ignorePaths(List.of("/opt/cache/keep")).build(),
                NOT_A_CONTAINER);
        inPlace.reset();

        assertThat(listing(root)).containsExactly("etc/", "etc/mtab", "kiln/", "kiln/builds/", "kiln/builds/b1/",
                "kiln/builds/b1/state", "opt/", "opt/cache/", "opt/cache/keep/", "opt/cache/keep/me", "tmp/",
                "tmp/apt-key-gpghome/", "tmp/apt-key-gpghome/key", "var/", "var/run/", "var/run/secrets/", "var/run/secrets/token",
                "workspace/", "workspace/Dockerfile");
        assertThat(outside.resolve("precious")).hasContent("outside the root");
    }

    @Test
    void anIgnoredPathBelowADirectoryIsFoundThroughPatterns() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        InPlaceRoot inPlace = InPlaceRoot.open(request(root).ignorePaths(List.of("/srv/*/cache")).build(),
                NOT_A_CONTAINER);
        assertThat(inPlace.hasIgnoredBelow("/srv")).isTrue();
        assertThat(inPlace.hasIgnoredBelow("/srv/app")).isTrue();
        assertThat(inPlace.hasIgnoredBelow("/usr")).isFalse();
        assertThat(inPlace.hasIgnoredBelow("/tmp")).isTrue();
        assertThat(inPlace.hasIgnoredBelow("/tmp/apt-key-gpghome")).isTrue(); // its content is ignored, not itself
        assertThat(inPlace.ignores().isIgnored("/kiln/builds")).isTrue();
        assertThat(inPlace.ignores().isIgnored("/workspace/Dockerfile")).isTrue();
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static List<String> listing(Path root) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> out.add(root.relativize(p)
                    + (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
        }
        return List.copyOf(out);
    }
}
