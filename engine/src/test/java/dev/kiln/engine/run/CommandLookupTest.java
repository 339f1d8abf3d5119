package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Rootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Go's {@code exec.LookPath} inside a rootfs, with its messages and Docker's exit codes. */
class CommandLookupTest {

    @TempDir
    Path dir;
    Rootfs rootfs;

    @BeforeEach
    void tree() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        for (String d : List.of("bin", "usr/bin", "opt/app", "work", "data/tool")) {
            Files.createDirectories(root.resolve(d));
        }
        executable(root.resolve("bin/busybox"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("/bin/busybox"));
        executable(root.resolve("usr/bin/tool"));
        Files.writeString(root.resolve("usr/bin/data"), "not executable");
        executable(root.resolve("work/run.sh"));
        // a link that would escape the rootfs on the host resolves inside it
        Files.createSymbolicLink(root.resolve("bin/escape"), Path.of("/../../../../bin/sh"));
        rootfs = new Rootfs(root);
    }

    private static void executable(Path p) throws Exception {
        Files.writeString(p, "#!/bin/sh\n");
        Posix.chmod(p, 0755);
    }

    private CommandLookup.Result lookup(String name, String path) {
        return CommandLookup.lookup(rootfs, name, path, "/work", List.of("/mnt"));
    }

    @Test
    void aNameIsSearchedInPathOrderThroughLinks() {
        assertThat(lookup("sh", "/usr/bin:/bin")).isEqualTo(new CommandLookup.Found("/bin/sh"));
        assertThat(lookup("tool", "/bin:/usr/bin")).isEqualTo(new CommandLookup.Found("/usr/bin/tool"));
        assertThat(lookup("escape", "/bin")).isEqualTo(new CommandLookup.Found("/bin/escape"));
    }

    @Test
    void withoutPathRuncsDefaultIsUsed() {
        assertThat(lookup("tool", null)).isEqualTo(new CommandLookup.Found("/usr/local/bin/tool".replace("/local", "")));
    }

    @Test
    void nonExecutablesAndDirectoriesAreSkippedInPath() {
        assertThat(lookup("data", "/usr/bin")).isEqualTo(new CommandLookup.Failed(
                "exec: \"data\": executable file not found in $PATH", 127));
        assertThat(lookup("tool", "/data:/usr/bin")).isEqualTo(new CommandLookup.Found("/usr/bin/tool"));
    }

    @Test
    void aPathWithASlashIsCheckedAsIsWithGosMessages() {
        assertThat(lookup("/usr/bin/tool", "")).isEqualTo(new CommandLookup.Found("/usr/bin/tool"));
        assertThat(lookup("/nope", "/bin")).isEqualTo(new CommandLookup.Failed(
                "exec: \"/nope\": stat /nope: no such file or directory", 127));
        assertThat(lookup("/usr/bin/data", "/bin")).isEqualTo(new CommandLookup.Failed(
                "exec: \"/usr/bin/data\": permission denied", 126));
        assertThat(lookup("/opt/app", "/bin")).isEqualTo(new CommandLookup.Failed(
                "exec: \"/opt/app\": is a directory", 126));
    }

    @Test
    void aRelativePathIsRelativeToTheWorkingDirectory() {
        assertThat(lookup("./run.sh", "/bin")).isEqualTo(new CommandLookup.Found("./run.sh"));
        assertThat(lookup("./missing.sh", "/bin")).isEqualTo(new CommandLookup.Failed(
                "exec: \"./missing.sh\": stat ./missing.sh: no such file or directory", 127));
    }

    @Test
    void whatLiesUnderAMountIsLeftToTheKernel() {
        assertThat(lookup("/mnt/tool", "/bin")).isEqualTo(new CommandLookup.Deferred());
        assertThat(lookup("tool", "/mnt/bin:/usr/bin")).isEqualTo(new CommandLookup.Deferred());
        assertThat(lookup("tool", "/usr/bin:/mnt/bin")).isEqualTo(new CommandLookup.Found("/usr/bin/tool"));
    }

    @Test
    void namesAreQuotedAsGoQuotesThem() {
        assertThat(CommandLookup.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\x01\"");
    }
}
