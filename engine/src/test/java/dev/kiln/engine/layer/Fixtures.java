package dev.kiln.engine.layer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Xattrs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * A rootfs with every kind of entry a layer can hold (the parts needing root only when running as root),
 * and the root check of the layer tests.
 */
public final class Fixtures {

    /** {@code cap_net_bind_service+ep} as a VFS_CAP_REVISION_2 blob. */
    public static final byte[] CAP = {0, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    public static final Instant NANOS = Instant.ofEpochSecond(1_650_000_000L, 987_654_321);

    private Fixtures() {}

    public static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** Skips the test unless it runs as root (chown, device nodes, security./trusted. xattrs). */
    public static void assumeRoot() {
        assumeTrue(isRoot(), "needs root");
    }

    /** Fills {@code root}; returns it. */
    public static Path everyKind(Path root) throws IOException {
        boolean asRoot = isRoot();
        Files.createDirectories(root.resolve("etc/ssl/certs"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/ssl/certs/ca.pem"), "-----BEGIN-----\n");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("/usr/bin"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/does/not/exist"));
        byte[] big = new byte[3_500_000];
        new Random(5).nextBytes(big);
        Files.write(root.resolve("usr/lib/big.so"), big);
        Files.write(root.resolve("usr/bin/empty"), new byte[0]);
        Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n");
        Files.createLink(root.resolve("usr/bin/tool-alias"), root.resolve("usr/bin/tool"));
        Files.createLink(root.resolve("usr/bin/tool-third"), root.resolve("usr/bin/tool"));
        Files.writeString(root.resolve("usr/bin/ping"), "ELF");
        Files.createDirectories(root.resolve("tmp"));
        Posix.chmod(root.resolve("tmp"), 01777);
        Files.createDirectories(root.resolve("home/user with spaces/ünïcödé ✓ dir"));
        Files.writeString(root.resolve("home/user with spaces/ünïcödé ✓ dir/файл.txt"), "данные");
        Files.writeString(root.resolve("home/user with spaces/" + "long-name-".repeat(20)), "long");
        Posix.chmod(root.resolve("usr/bin/tool"), 0755);
        Posix.chmod(root.resolve("etc/passwd"), 0644);
        Posix.mknod(root.resolve("etc/fifo"), FileType.FIFO, 0600, 0, 0);
        Xattrs.set(root.resolve("etc/passwd"), "user.origin", "fixture".getBytes(StandardCharsets.UTF_8));
        if (asRoot) {
            Posix.lchown(root.resolve("home/user with spaces"), 1000, 1000);
            Posix.lchown(root.resolve("usr/bin/ping"), 0, 0);
            Posix.chmod(root.resolve("usr/bin/ping"), 04755);
            Xattrs.set(root.resolve("usr/bin/ping"), "security.capability", CAP);
            Xattrs.set(root.resolve("etc/passwd"), "trusted.kiln", new byte[] {0, 1, 2});
            Files.writeString(root.resolve("usr/bin/sg"), "sg");
            Posix.lchown(root.resolve("usr/bin/sg"), 0, 42);
            Posix.chmod(root.resolve("usr/bin/sg"), 02755);
            Files.createDirectories(root.resolve("dev"));
            Posix.mknod(root.resolve("dev/null"), FileType.CHAR_DEVICE, 0666, 1, 3);
            Posix.mknod(root.resolve("dev/sda"), FileType.BLOCK_DEVICE, 0660, 8, 0);
            Posix.lchown(root.resolve("dev/sda"), 0, 6);
            Posix.lchown(root.resolve("dangling"), 7, 8);
        }
        // nanosecond times, set last (children first, so directories keep theirs)
        for (String p : new String[] {"etc/passwd", "usr/lib/big.so", "bin", "dangling", "etc/fifo",
                "home/user with spaces/ünïcödé ✓ dir/файл.txt", "home/user with spaces/ünïcödé ✓ dir",
                "etc/ssl/certs", "etc/ssl", "etc", "tmp"}) {
            Posix.setTimes(root.resolve(p), NANOS, NANOS);
        }
        return root;
    }
}
