package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.ManagedProcess;
import dev.kiln.testkit.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD of Git sources over git:// from a real {@code git daemon} on 127.0.0.1, with a repository made by the
 * git CLI: a main branch, a branch, an annotated tag and a subdirectory.
 */
class AddGitIT {

    @TempDir
    static Path shared;
    static ManagedProcess daemon;
    static String repo;
    static String tagCommit;

    @TempDir
    Path base;
    Path root;
    CopyOperation op;

    @BeforeAll
    static void startDaemon() throws IOException {
        Path served = Files.createDirectories(shared.resolve("served"));
        Path work = Files.createDirectories(shared.resolve("work"));
        git(work, "init", "-q", "-b", "main");
        Files.writeString(work.resolve("readme"), "main\n");
        Files.createDirectories(work.resolve("sub/deep"));
        Files.writeString(work.resolve("sub/deep/file"), "deep\n");
        Files.writeString(work.resolve("run.sh"), "#!/bin/sh\n");
        git(work, "add", ".");
        git(work, "update-index", "--chmod=+x", "run.sh");
        git(work, "commit", "-q", "-m", "one");
        git(work, "tag", "-a", "v1", "-m", "v1");
        tagCommit = git(work, "rev-parse", "HEAD").strip();
        git(work, "checkout", "-q", "-b", "feature");
        Files.writeString(work.resolve("feature.txt"), "feature\n");
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "two");
        git(work, "checkout", "-q", "main");
        git(shared, "clone", "-q", "--bare", work.toString(), served.resolve("repo.git").toString());
        int port = Ports.freeLoopbackPort();
        daemon = ManagedProcess.builder("git-daemon", List.of("git", "daemon", "--listen=127.0.0.1", "--port=" + port,
                        "--base-path=" + served, "--export-all", "--reuseaddr", served.toString()))
                .log(shared.resolve("git-daemon.log")).readyWhenPortOpen(port).start();
        repo = "git://127.0.0.1:" + port + "/repo.git";
    }

    private static String git(Path dir, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@localhost"));
        argv.addAll(List.of(args));
        return Command.of(argv).in(dir).check().stdout();
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(base.resolve("rootfs"));
        Files.createDirectory(base.resolve("ctx"));
        op = new CopyOperation(CopyOptions.defaults().withScratch(base.resolve("scratch")));
    }

    private CopyResult add(CopyRequest.Builder b) throws IOException {
        return op.apply(b.line(5).build(), CopySource.context(LocalContext.of(base.resolve("ctx"), DockerIgnore.none())), root);
    }

    @Test
    void theDefaultBranchIsAddedWithoutDotGit() throws IOException {
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(repo).destination("/src"));
        assertThat(Fs.describe(root.resolve("src")).keySet()).containsExactly("/readme", "/run.sh", "/sub", "/sub/deep",
                "/sub/deep/file");
        assertThat(Fs.entry(root.resolve("src/run.sh"))).isEqualTo("file 0755 0:0 \"#!/bin/sh\n\"");
        assertThat(Fs.entry(root.resolve("src/readme"))).isEqualTo("file 0644 0:0 \"main\n\"");
        assertThat(Fs.entry(root.resolve("src"))).isEqualTo("dir 0755 0:0");
    }

    @Test
    void aBranchAndASubdirectory() throws IOException {
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(repo + "#feature").destination("/f/"));
        assertThat(Files.readString(root.resolve("f/feature.txt"))).isEqualTo("feature\n");
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(repo + "#main:sub").chown("9:9").destination("/s"));
        assertThat(Fs.describe(root.resolve("s")).keySet()).containsExactly("/deep", "/deep/file");
        assertThat(Fs.entry(root.resolve("s/deep/file"))).isEqualTo("file 0644 9:9 \"deep\n\"");
    }

    @Test
    void aTagWithChecksumAndKeepGitDir() throws IOException {
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(repo + "#v1").checksum(tagCommit.substring(0, 8))
                .keepGitDir(true).destination("/t"));
        assertThat(root.resolve("t/.git/HEAD")).exists();
        assertThat(root.resolve("t/feature.txt")).doesNotExist();
    }

    @Test
    void aWrongChecksumOrMissingRefFailsNamingTheSource() {
        assertThatThrownBy(() -> add(CopyRequest.builder(CopyRequest.Kind.ADD).source(repo + "#v1").checksum("deadbeef")
                .destination("/t")))
                .isInstanceOfSatisfying(CopyException.class,
                        e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.CHECKSUM_MISMATCH))
                .hasMessageStartingWith("ADD (line 5) source \"" + repo + "#v1\": commit " + tagCommit);
        assertThatThrownBy(() -> add(CopyRequest.builder(CopyRequest.Kind.ADD).source(repo + "#nope").destination("/t")))
                .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.GIT))
                .hasMessage("ADD (line 5) source \"" + repo + "#nope\": reference \"nope\" not found");
    }
}
