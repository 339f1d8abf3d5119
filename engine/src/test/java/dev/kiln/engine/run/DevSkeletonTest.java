package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSkeletonTest {

    @TempDir
    Path temp;

    @Test
    void theSkeletonHasDeviceMountPointsPtsShmAndTheStandardLinks() throws Exception {
        Path dev = DevSkeleton.create(temp.resolve("dev"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dev))).isEqualTo("rwxr-xr-x");
        for (String d : NamespacedIsolation.DEVICES) {
            assertThat(dev.resolve(d)).isEmptyFile();
        }
        assertThat(dev.resolve("pts")).isDirectory();
        assertThat(dev.resolve("shm")).isDirectory();
        assertThat(Files.readSymbolicLink(dev.resolve("ptmx"))).isEqualTo(Path.of("pts/ptmx"));
        assertThat(Files.readSymbolicLink(dev.resolve("fd"))).isEqualTo(Path.of("/proc/self/fd"));
        assertThat(Files.readSymbolicLink(dev.resolve("stdin"))).isEqualTo(Path.of("/proc/self/fd/0"));
        assertThat(Files.readSymbolicLink(dev.resolve("stdout"))).isEqualTo(Path.of("/proc/self/fd/1"));
        assertThat(Files.readSymbolicLink(dev.resolve("stderr"))).isEqualTo(Path.of("/proc/self/fd/2"));
        try (var entries = Files.list(dev)) {
            assertThat(entries.filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS))).hasSize(13);
        }
    }
}
