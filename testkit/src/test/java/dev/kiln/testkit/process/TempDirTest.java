package dev.kiln.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class TempDirTest {

    @Test
    void closeDeletesTheTreeIncludingReadOnlyDirectories() throws Exception {
        TempDir t = TempDir.create("kiln-testkit-selftest-");
        Path ro = Files.createDirectories(t.resolve("a/b"));
        Files.writeString(ro.resolve("f"), "x");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));

        t.close();

        assertThat(t.path()).doesNotExist();
    }

    @Test
    void deletionDoesNotFollowSymbolicLinks() throws Exception {
        try (TempDir outside = TempDir.create("kiln-testkit-keep-")) {
            Path keep = Files.writeString(outside.resolve("keep"), "k");
            TempDir t = TempDir.create("kiln-testkit-selftest-");
            Files.createSymbolicLink(t.resolve("link"), outside.path());

            t.close();

            assertThat(t.path()).doesNotExist();
            assertThat(keep).exists();
        }
    }

    @Test
    void closeIsIdempotentAndUnregistersTheShutdownAction() {
        int before = ShutdownCleanup.pendingCount();
        TempDir t = TempDir.create("kiln-testkit-selftest-");
        assertThat(ShutdownCleanup.pendingCount()).isEqualTo(before + 1);

        t.close();
        t.close();

        assertThat(ShutdownCleanup.pendingCount()).isEqualTo(before);
    }
}
