package dev.kiln.engine.layer.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.engine.fs.InodeAttributes;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.layer.Fixtures;
import dev.kiln.engine.layer.extract.RootfsCleanupException.Leftover;
import dev.kiln.engine.layer.extract.RootfsCleanupException.Reason;
import dev.kiln.testkit.process.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsCleanerTest {

    @TempDir
    Path dir;

    /** Undone after each test whatever happens: chattr flags and mounts made by it. */
    private final List<String[]> undo = new ArrayList<>();

    @AfterEach
    void undo() {
        for (String[] command : undo.reversed()) {
            Command.of(command).run();
        }
    }

    @Test
    void deletesATreeWithEveryKindOfEntry() throws IOException {
        Path root = Fixtures.everyKind(Files.createDirectory(dir.resolve("rootfs")));
        Path deep = root;
        for (int i = 0; i < 300; i++) {
            deep = deep.resolve("d");
        }
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("bottom"), "300 levels down");

        RootfsCleaner.delete(root);

        assertThat(root).doesNotExist();
        assertThat(dir).exists();
    }

    @Test
    void symlinksAreRemovedNeverFollowed() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside/keep"));
        Files.writeString(outside.resolve("file"), "outside the rootfs");
        Path root = Files.createDirectories(dir.resolve("rootfs/sub"));
        Files.createSymbolicLink(root.resolve("abs"), outside);
        Files.createSymbolicLink(root.resolve("rel"), Path.of("../../outside/keep"));
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("file"));
        Path linkAsRoot = Files.createSymbolicLink(dir.resolve("link-root"), outside);

        RootfsCleaner.delete(dir.resolve("rootfs"));
        RootfsCleaner.delete(linkAsRoot);

        assertThat(dir.resolve("rootfs")).doesNotExist();
        assertThat(linkAsRoot).doesNotExist();
        assertThat(outside.resolve("file")).hasContent("outside the rootfs");
    }

    @Test
    void directoriesWithoutPermissionsAreOpenedBeforeTheyAreEmptied() throws IOException {
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        for (String name : List.of("none", "read-only", "no-search", "no-read")) {
            Files.createDirectories(root.resolve(name + "/inner"));
            Files.writeString(root.resolve(name + "/inner/file"), name);
            Files.writeString(root.resolve(name + "/file"), name);
        }
        Posix.chmod(root.resolve("none/inner"), 0);
        Posix.chmod(root.resolve("none"), 0);
        Posix.chmod(root.resolve("read-only"), 0555);
        Posix.chmod(root.resolve("no-search"), 0600);
        Posix.chmod(root.resolve("no-read"), 0300);
        Posix.chmod(root, 0500);

        RootfsCleaner.delete(root);

        assertThat(root).doesNotExist();
    }

    @Test
    void immutableAndAppendOnlyFilesAreReportedAndEverythingElseIsDeleted() throws IOException {
        Fixtures.assumeRoot();
        Path root = Fixtures.everyKind(Files.createDirectory(dir.resolve("rootfs")));
        Path immutable = Files.writeString(Files.createDirectories(root.resolve("var/locked")).resolve("immutable"), "i");
        Path appendOnly = Files.writeString(root.resolve("var/log"), "a");
        Path closed = Files.createDirectories(root.resolve("closed"));
        Path inClosed = Files.writeString(closed.resolve("pinned"), "p");
        Posix.chmod(closed, 0);
        chattr("+i", immutable);
        chattr("+a", appendOnly);
        chattr("+i", inClosed);

        assertThatThrownBy(() -> RootfsCleaner.delete(root))
                .isInstanceOfSatisfying(RootfsCleanupException.class, e -> assertThat(e.leftovers())
                        .containsExactlyInAnyOrder(new Leftover(immutable, Reason.IMMUTABLE, ""),
                                new Leftover(appendOnly, Reason.APPEND_ONLY, ""), new Leftover(inClosed, Reason.IMMUTABLE, "")))
                .hasMessageStartingWith("delete rootfs " + root + ": 3 paths left: ")
                .hasMessageContaining(immutable + " has the immutable attribute; clear it with chattr -i")
                .hasMessageContaining(appendOnly + " has the append-only attribute; clear it with chattr -a");
        try (var s = Files.walk(root)) {
            assertThat(s.map(root::relativize).map(Path::toString))
                    .as("only the locked files and their parents are left")
                    .containsExactlyInAnyOrder("", "var", "var/locked", "var/locked/immutable", "var/log", "closed",
                            "closed/pinned");
        }
        assertThat(InodeAttributes.of(closed).permissions()).as("opened before it was listed").isEqualTo(0700);

        chattr("-i", immutable);
        chattr("-a", appendOnly);
        chattr("-i", inClosed);
        RootfsCleaner.delete(root);
        assertThat(root).doesNotExist();
    }

    @Test
    void mountPointsAreNeverCrossedNorRemoved() throws IOException {
        Fixtures.assumeRoot();
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("passwd"), "root");
        Path tmpfs = Files.createDirectories(root.resolve("proc"));
        Path hostDir = Files.createDirectories(dir.resolve("host"));
        Files.writeString(hostDir.resolve("precious"), "host data");
        Path bind = Files.createDirectories(root.resolve("mnt/cache"));
        mount(tmpfs, "-t", "tmpfs", "kiln-test", tmpfs.toString());
        Files.writeString(tmpfs.resolve("inside-tmpfs"), "t");
        mount(bind, "--bind", hostDir.toString(), bind.toString());
        assertThat(InodeAttributes.of(bind).sameMountAs(InodeAttributes.of(root)))
                .as("a bind mount of the same filesystem is told apart by its mount ID").isFalse();

        assertThatThrownBy(() -> RootfsCleaner.delete(root))
                .isInstanceOfSatisfying(RootfsCleanupException.class, e -> assertThat(e.leftovers())
                        .extracting(Leftover::path, Leftover::reason)
                        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(tmpfs, Reason.MOUNT_POINT),
                                org.assertj.core.groups.Tuple.tuple(bind, Reason.MOUNT_POINT)))
                .hasMessageContaining(tmpfs + " is a mount point (device ")
                .hasMessageContaining(": unmount it, then delete again");
        assertThat(tmpfs.resolve("inside-tmpfs")).hasContent("t");
        assertThat(hostDir.resolve("precious")).hasContent("host data");
        assertThat(root.resolve("etc")).doesNotExist();

        umount(tmpfs);
        umount(bind);
        RootfsCleaner.delete(root);
        assertThat(root).doesNotExist();
        assertThat(hostDir.resolve("precious")).hasContent("host data");
    }

    @Test
    void aMissingTreeOrASingleFileIsFine() throws IOException {
        RootfsCleaner.delete(dir.resolve("missing"));
        Path file = Files.writeString(dir.resolve("file"), "f");
        RootfsCleaner.delete(file);
        assertThat(file).doesNotExist();
        assertThat(Files.exists(dir, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void theFileSystemRootIsRefused() {
        assertThatThrownBy(() -> RootfsCleaner.delete(Path.of("/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delete rootfs /: refusing to delete the root directory");
        assertThatThrownBy(() -> RootfsCleaner.delete(Path.of("/tmp/..")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void chattr(String flag, Path path) {
        boolean set = flag.startsWith("+");
        if (set) {
            undo.add(new String[] {"chattr", "-" + flag.substring(1), path.toString()});
        }
        var result = Command.of("chattr", flag, path.toString()).run();
        assumeTrue(result.succeeded() || !set, "chattr " + flag + " is not possible here: " + result.stderr());
        result.orThrow();
    }

    private void mount(Path target, String... args) {
        undo.add(new String[] {"umount", "-l", target.toString()});
        List<String> argv = new ArrayList<>(List.of("mount"));
        argv.addAll(List.of(args));
        var result = Command.of(argv).run();
        assumeTrue(result.succeeded(), "mount is not possible here: " + result.stderr());
    }

    private static void umount(Path target) {
        Command.of("umount", target.toString()).check();
    }
}
