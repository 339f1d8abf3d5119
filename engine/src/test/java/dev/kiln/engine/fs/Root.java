package dev.kiln.engine.fs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helpers: root checks and running real tools. */
final class Root {

    private Root() {}

    static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** Skips the test unless it runs as root (chown, mknod of devices, trusted./security. xattrs). */
    static void assumeRoot() {
        assumeTrue(isRoot(), "needs root");
    }

    /** Runs a command, returns its stdout; fails on a non-zero exit. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + rc + ": " + out);
        }
        return out;
    }
}
