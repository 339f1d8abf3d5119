package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsTest {

    @TempDir
    Path dir;

    Path root;
    Rootfs fs;

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        // something outside the root that an escaping resolution would reach
        Files.createDirectories(dir.resolve("outside"));
        Files.writeString(dir.resolve("outside/secret"), "host");
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/passwd"), "host");
        fs = new Rootfs(root);
    }

    private void link(String at, String target) throws IOException {
        Files.createSymbolicLink(root.resolve(at), Path.of(target));
    }

    @Test
    void dotDotBeyondTheRootStaysAtTheRoot() throws Exception {
        assertThat(fs.resolve("../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(fs.resolve("/../../../etc/../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(fs.resolve("..")).isEqualTo(root);
    }

    @Test
    void absoluteLinkIsReRooted() throws Exception {
        link("lnk", "/etc");
        assertThat(fs.resolve("/lnk/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(fs.resolve("/lnk")).isEqualTo(root.resolve("etc"));
    }

    @Test
    void linkToAbsoluteHostPathStaysInsideTheRoot() throws Exception {
        link("host", dir.resolve("outside").toString());
        Path resolved = fs.resolve("/host/secret");
        assertThat(resolved).isEqualTo(root.resolve(dir.resolve("outside/secret").toString().substring(1)));
        assertThat(resolved).startsWithRaw(root);
    }

    @Test
    void linkChainIsFollowedToTheEnd() throws Exception {
        Files.createDirectories(root.resolve("c"));
        link("a", "b");
        link("b", "/c");
        assertThat(fs.resolve("/a/file")).isEqualTo(root.resolve("c/file"));
        assertThat(fs.resolve("/a")).isEqualTo(root.resolve("c"));
    }

    @Test
    void noFollowKeepsTheLastLinkButFollowsEarlierOnes() throws Exception {
        Files.createDirectories(root.resolve("c"));
        link("a", "b");
        link("b", "/c");
        link("c/inner", "/etc/passwd");
        assertThat(fs.resolveNoFollow("/a")).isEqualTo(root.resolve("a"));
        assertThat(fs.resolveNoFollow("/a/inner")).isEqualTo(root.resolve("c/inner"));
        assertThat(fs.resolve("/a/inner")).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void repeatedDotDotLinksCannotClimbOut() throws Exception {
        Files.createDirectories(root.resolve("d1/d2"));
        link("d1/d2/up", "../../../../../../..");
        link("dot", "..");
        assertThat(fs.resolve("/d1/d2/up/etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(fs.resolve("/dot/dot/dot/etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(fs.resolve("/dot/dot")).isEqualTo(root);
    }

    @Test
    void relativeLinkToDotDotOutsideLandsInTheRoot() throws Exception {
        link("up", "../outside");
        assertThat(fs.resolve("/up/secret")).isEqualTo(root.resolve("outside/secret"));
    }

    @Test
    void linkLoopFailsWithEloopNamingThePath() throws Exception {
        link("loop1", "loop2");
        link("loop2", "/loop1");
        assertThatThrownBy(() -> fs.resolve("/loop1/x"))
                .isInstanceOf(PosixException.class)
                .hasMessage("resolve /loop1/x in " + root + " at /loop1 (more than 40 symbolic links):"
                        + " ELOOP (Too many levels of symbolic links)")
                .satisfies(e -> assertThat(((PosixException) e).errno()).isEqualTo(Errno.ELOOP));
    }

    @Test
    void selfLoopFailsWithEloopButCanBeNamedWithoutFollowing() throws Exception {
        link("self", "self");
        assertThatThrownBy(() -> fs.resolve("self"))
                .isInstanceOf(PosixException.class)
                .hasMessageContaining("ELOOP");
        assertThat(fs.resolveNoFollow("self")).isEqualTo(root.resolve("self"));
    }

    @Test
    void fortyLinksAreFollowedButFortyOneAreNot() throws Exception {
        for (int i = 0; i <= 40; i++) {
            link("l" + i, i == 40 ? "etc" : "l" + (i + 1));
        }
        assertThat(fs.resolve("/l1/passwd")).isEqualTo(root.resolve("etc/passwd")); // l1..l40: 40 links
        assertThatThrownBy(() -> fs.resolve("/l0/passwd")).hasMessageContaining("ELOOP");
    }

    @Test
    void linkInTheMiddleOfAPath() throws Exception {
        Files.createDirectories(root.resolve("usr/lib/x"));
        link("lib", "usr/lib");
        assertThat(fs.resolve("/lib/x/y")).isEqualTo(root.resolve("usr/lib/x/y"));
    }

    @Test
    void relativeLinkInSubdirectoryResolvesFromItsDirectory() throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("bin/busybox"), "");
        link("usr/bin/sh", "../../bin/busybox");
        assertThat(fs.resolve("/usr/bin/sh")).isEqualTo(root.resolve("bin/busybox"));
    }

    @Test
    void danglingLinkWithMissingTail() throws Exception {
        link("dl", "/nowhere/deep");
        assertThat(fs.resolve("/dl/file")).isEqualTo(root.resolve("nowhere/deep/file"));
        assertThat(fs.resolve("/dl")).isEqualTo(root.resolve("nowhere/deep"));
        assertThat(fs.resolveNoFollow("/dl")).isEqualTo(root.resolve("dl"));
    }

    @Test
    void procSelfRootTargetIsJustAPathInTheRoot() throws Exception {
        link("escape", "/proc/self/root");
        assertThat(fs.resolve("/escape/etc/passwd")).isEqualTo(root.resolve("proc/self/root/etc/passwd"));
    }

    @Test
    void dotDotAfterMissingComponentStillChecksLinks() throws Exception {
        link("lnk", "/etc");
        assertThat(fs.resolve("/missing/../lnk/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(fs.resolve("/missing/a/../../lnk")).isEqualTo(root.resolve("etc"));
    }

    @Test
    void doubleSlashesDotsAndTrailingSlash() throws Exception {
        assertThat(fs.resolve("//etc//./passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(fs.resolve("./etc/.")).isEqualTo(root.resolve("etc"));
        assertThat(fs.resolve("etc/")).isEqualTo(root.resolve("etc"));
        assertThat(fs.resolve("/")).isEqualTo(root);
        assertThat(fs.resolve(".")).isEqualTo(root);
        assertThat(fs.resolve("new/dir/")).isEqualTo(root.resolve("new/dir"));
    }

    @Test
    void trailingSlashFollowsTheLastLinkEvenInNoFollowMode() throws Exception {
        link("lnk", "/etc");
        assertThat(fs.resolveNoFollow("/lnk")).isEqualTo(root.resolve("lnk"));
        assertThat(fs.resolveNoFollow("/lnk/")).isEqualTo(root.resolve("etc"));
        assertThat(fs.resolveNoFollow("/lnk/.")).isEqualTo(root.resolve("etc"));
    }

    @Test
    void fileFollowedByMoreComponentsIsNotADirectory() {
        assertThatThrownBy(() -> fs.resolve("/etc/passwd/x"))
                .isInstanceOf(PosixException.class)
                .hasMessage("resolve /etc/passwd/x in " + root + " at /etc/passwd: ENOTDIR (Not a directory)");
        assertThatThrownBy(() -> fs.resolve("/etc/passwd/"))
                .hasMessageContaining("ENOTDIR");
        assertThatThrownBy(() -> fs.resolve("/etc/passwd/.."))
                .hasMessageContaining("ENOTDIR");
    }

    @Test
    void linkToFileFollowedByMoreIsNotADirectory() throws Exception {
        link("pw", "/etc/passwd");
        assertThatThrownBy(() -> fs.resolve("/pw/x"))
                .hasMessage("resolve /pw/x in " + root + " at /etc/passwd: ENOTDIR (Not a directory)");
    }

    @Test
    void emptyPathIsNotFound() {
        assertThatThrownBy(() -> fs.resolve(""))
                .isInstanceOf(PosixException.NotFound.class)
                .hasMessage("resolve \"\" in " + root + ": ENOENT (No such file or directory)");
    }

    @Test
    void nulCharacterIsInvalid() {
        assertThatThrownBy(() -> fs.resolve("/etc\0/passwd"))
                .isInstanceOf(PosixException.class)
                .hasMessage("resolve /etc\\0/passwd in " + root + " (NUL character in path): EINVAL (Invalid argument)");
    }

    @Test
    void rootGivenThroughASymlinkIsMadeReal() throws Exception {
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), root);
        Rootfs viaAlias = new Rootfs(alias);
        assertThat(viaAlias.root()).isEqualTo(root.toRealPath());
        assertThat(viaAlias.resolve("/etc/passwd")).isEqualTo(root.toRealPath().resolve("etc/passwd"));
    }

    @Test
    void rootMustBeADirectory() {
        Path file = root.resolve("etc/passwd");
        assertThatThrownBy(() -> new Rootfs(file)).isInstanceOf(NotDirectoryException.class)
                .hasMessage(file.toString());
    }

    @Test
    void containerPathIsTheInverseOfResolve() throws Exception {
        link("lnk", "/etc");
        assertThat(fs.containerPath(fs.resolve("/lnk/passwd"))).isEqualTo("/etc/passwd");
        assertThat(fs.containerPath(root)).isEqualTo("/");
        assertThatThrownBy(() -> fs.containerPath(dir.resolve("outside/secret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("container path of " + dir.resolve("outside/secret") + ": not under the root " + root);
    }
}
