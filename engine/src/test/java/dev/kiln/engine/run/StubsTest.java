package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Rootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount points and temporary files made for a run, and their removal. */
class StubsTest {

    @TempDir
    Path dir;
    Path root;
    Stubs stubs;

    @BeforeEach
    void rootfs() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        stubs = new Stubs(new Rootfs(root));
    }

    @Test
    void missingDirectoriesAreCreatedAndRemovedNewestFirst() {
        Path p = stubs.directory("/run/secrets/x", "test");
        assertThat(p).isEqualTo(root.resolve("run/secrets/x")).isDirectory();
        stubs.removeAll();
        assertThat(root.resolve("run")).doesNotExist();
        assertThat(stubs.isEmpty()).isTrue();
    }

    @Test
    void existingPathsAreUsedAndNeverRemoved() throws Exception {
        Files.writeString(root.resolve("etc/hosts"), "");
        assertThat(stubs.file("/etc/hosts", "test")).isEqualTo(root.resolve("etc/hosts"));
        stubs.removeAll();
        assertThat(root.resolve("etc/hosts")).exists();
    }

    @Test
    void stubsTheRunFilledAreKept() throws Exception {
        stubs.directory("/cache/pip", "test");
        Files.writeString(root.resolve("cache/kept.txt"), "the run wrote this");
        stubs.file("/etc/hostname", "test");
        Files.writeString(root.resolve("etc/hostname"), "written");
        stubs.removeAll();
        assertThat(root.resolve("cache/pip")).doesNotExist();
        assertThat(root.resolve("cache/kept.txt")).exists();
        assertThat(root.resolve("etc/hostname")).hasContent("written");
    }

    @Test
    void temporaryEntriesGoWhateverHappened() throws Exception {
        Path secret = root.resolve("etc/secret");
        stubs.temporary(secret, () -> Files.writeString(secret, "x"));
        Files.writeString(secret, "changed by the run");
        stubs.removeAll();
        assertThat(secret).doesNotExist();
    }

    @Test
    void theParentsTimesAreRestoredWhenTheRunDidNotTouchIt() throws Exception {
        Instant old = Instant.parse("2020-01-02T03:04:05.123456789Z");
        Posix.setTimes(root.resolve("etc"), old, old);
        stubs.file("/etc/hosts", "test");
        stubs.file("/etc/resolv.conf", "test");
        stubs.removeAll();
        assertThat(Posix.statx(root.resolve("etc")).mtime()).isEqualTo(old);
    }

    @Test
    void theParentsTimesStayWhenTheRunChangedIt() throws Exception {
        Instant old = Instant.parse("2020-01-02T03:04:05Z");
        Posix.setTimes(root.resolve("etc"), old, old);
        stubs.file("/etc/hosts", "test");
        Posix.setTimes(root.resolve("etc"), old, old.plusSeconds(60)); // as if the run changed /etc
        stubs.removeAll();
        assertThat(Posix.statx(root.resolve("etc")).mtime()).isNotEqualTo(old);
    }

    @Test
    void aTypeConflictIsAnErrorNamingThePath() throws Exception {
        Files.writeString(root.resolve("etc/file"), "");
        assertThatThrownBy(() -> stubs.directory("/etc/file", "cache mount target"))
                .isInstanceOf(RunException.class)
                .hasMessage("cache mount target /etc/file: exists in the rootfs and is not a directory");
        assertThatThrownBy(() -> stubs.file("/etc", "secret mount target"))
                .hasMessage("secret mount target /etc: exists in the rootfs and is a directory, not a file");
        assertThatThrownBy(() -> stubs.directory("/etc/file/sub", "bind mount target"))
                .hasMessageContaining("bind mount target /etc/file/sub: resolve");
    }

    @Test
    void linksInTargetsStayInsideTheRootfs() throws Exception {
        Files.createSymbolicLink(root.resolve("etc/out"), Path.of("/../../../tmp-target"));
        Path p = stubs.directory("/etc/out", "test");
        assertThat(p).isEqualTo(root.resolve("tmp-target"));
        stubs.removeAll();
        assertThat(root.resolve("tmp-target")).doesNotExist();
    }
}
