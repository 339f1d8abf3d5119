package dev.kiln.engine.layer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: root checks and running real tools. */
public final class Tools {

    private Tools() {}

    public static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** Skips the test unless it runs as root (chown, device nodes, security./trusted. xattrs). */
    public static void assumeRoot() {
        assumeTrue(isRoot(), "needs root");
    }

    /** Skips the test unless {@code /usr/bin/NAME} or {@code /bin/NAME} exists. */
    public static void assumeTool(String name) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin", name)) || Files.isExecutable(Path.of("/bin", name)),
                name + " is not installed");
    }

    /** Runs a command, returns its output (stdout and stderr); fails on a non-zero exit. */
    public static String run(String... command) throws IOException, InterruptedException {
        Result r = exec(command);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /** Runs a command, returns exit code and output. */
    public static Result exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    public record Result(int exit, String output) {}
}
