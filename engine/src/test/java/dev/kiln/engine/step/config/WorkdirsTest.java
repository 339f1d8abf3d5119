package dev.kiln.engine.step.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real directories; the tests run as root so that ownership can be set and checked. */
class WorkdirsTest {

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void rootfs() throws IOException {
        root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nstaff:x:50:app\napp:x:1001:\n");
    }

    private static Statx stat(Path p) throws IOException {
        return Posix.statx(p);
    }

    @Test
    void createsMissingDirectoriesWithMode0755OwnedByRootWithoutUser() throws IOException {
        Workdirs.create(root, "/app/src/main", "");
        for (String d : new String[] {"app", "app/src", "app/src/main"}) {
            Statx st = stat(root.resolve(d));
            assertThat(st.permissions()).as(d).isEqualTo(0755);
            assertThat(st.uid()).isZero();
            assertThat(st.gid()).isZero();
        }
    }

    @Test
    void createdDirectoriesBelongToTheUserByName() throws IOException {
        Workdirs.create(root, "/home/app/work", "app");
        assertThat(stat(root.resolve("home")).uid()).isEqualTo(1000);
        assertThat(stat(root.resolve("home/app/work")).uid()).isEqualTo(1000);
        assertThat(stat(root.resolve("home/app/work")).gid()).isEqualTo(1001);
    }

    @Test
    void aNumericUserAloneIsAlsoTheGroupAndAGroupNameIsLookedUp() throws IOException {
        Workdirs.create(root, "/n", "4242");
        assertThat(stat(root.resolve("n")).uid()).isEqualTo(4242);
        assertThat(stat(root.resolve("n")).gid()).isEqualTo(4242);
        Workdirs.create(root, "/g", "app:staff");
        assertThat(stat(root.resolve("g")).uid()).isEqualTo(1000);
        assertThat(stat(root.resolve("g")).gid()).isEqualTo(50);
        Workdirs.create(root, "/r", "root:7");
        assertThat(stat(root.resolve("r")).gid()).isEqualTo(7);
    }

    @Test
    void existingDirectoriesAreLeftAlone() throws IOException {
        Path srv = Files.createDirectory(root.resolve("srv"));
        Files.setPosixFilePermissions(srv, PosixFilePermissions.fromString("rwx------"));
        Workdirs.create(root, "/srv/www", "app");
        assertThat(stat(srv).permissions()).isEqualTo(0700);
        assertThat(stat(srv).uid()).isZero();
        assertThat(stat(root.resolve("srv/www")).uid()).isEqualTo(1000);
    }

    @Test
    void anExistingWorkdirNeedsNoUserLookup() throws IOException {
        Files.createDirectory(root.resolve("tmp"));
        Workdirs.create(root, "/tmp", "nosuchuser");
        Workdirs.create(root, "/", "nosuchuser");
        assertThat(root.resolve("tmp")).isDirectory();
    }

    @Test
    void aSymlinkPointingOutOfTheRootfsStaysInside() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
        Workdirs.create(root, "/escape/data", "");
        Workdirs.create(root, "/up/other", "");
        assertThat(outside.resolve("data")).doesNotExist();
        assertThat(tmp.resolve("other")).doesNotExist();
        // the absolute link target is re-rooted: <rootfs><outside>/data
        assertThat(root.resolve(outside.toString().substring(1)).resolve("data")).isDirectory();
        assertThat(root.resolve("other")).isDirectory();
        assertThat(Files.isSymbolicLink(root.resolve("escape"))).isTrue();
    }

    @Test
    void aSymlinkInsideTheRootfsIsFollowed() throws IOException {
        Files.createDirectories(root.resolve("opt/real"));
        Files.createSymbolicLink(root.resolve("app"), Path.of("/opt/real"));
        Workdirs.create(root, "/app/sub", "");
        assertThat(root.resolve("opt/real/sub")).isDirectory();
    }

    @Test
    void anUnknownUserFails() {
        assertThatThrownBy(() -> Workdirs.create(root, "/data", "ghost", SourceRange.line("Dockerfile", 5)))
                .isInstanceOf(StepException.class)
                .hasMessage("Dockerfile:5: create WORKDIR /data: unable to find user ghost: no matching entries in passwd file");
        assertThat(root.resolve("data")).doesNotExist();
        assertThatThrownBy(() -> Workdirs.create(root, "/data", "app:ghosts"))
                .hasMessage("create WORKDIR /data: unable to find group ghosts: no matching entries in group file");
    }

    @Test
    void aFileInTheWayFails() throws IOException {
        Files.writeString(root.resolve("file"), "x");
        assertThatThrownBy(() -> Workdirs.create(root, "/file", ""))
                .isInstanceOf(StepException.class)
                .hasMessage("create WORKDIR /file: /file is not a directory");
        assertThatThrownBy(() -> Workdirs.create(root, "/file/sub", ""))
                .isInstanceOf(StepException.class)
                .hasMessageStartingWith("create WORKDIR /file/sub in " + root + ": ")
                .hasMessageContaining("ENOTDIR");
    }

    @Test
    void aRelativeWorkdirIsRejected() {
        assertThatThrownBy(() -> Workdirs.create(root, "app", ""))
                .hasMessage("create WORKDIR app: not an absolute path");
    }
}
