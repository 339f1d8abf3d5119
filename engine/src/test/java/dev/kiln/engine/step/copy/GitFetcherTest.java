package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkouts through JGit from a repository made in-process (file:// transport, which GitFetcher accepts). */
class GitFetcherTest {

    @TempDir
    Path base;
    String remote;
    String mainCommit;
    String tagCommit;

    @BeforeEach
    void setUp() throws Exception {
        Path work = base.resolve("work");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            PersonIdent who = new PersonIdent("t", "t@localhost", java.time.Instant.parse("2022-03-04T05:06:07Z"),
                    java.time.ZoneOffset.UTC);
            Files.writeString(work.resolve("readme"), "v1\n");
            Files.createDirectories(work.resolve("docs"));
            Files.writeString(work.resolve("docs/guide"), "guide\n");
            Path tool = work.resolve("tool.sh");
            Files.writeString(tool, "#!/bin/sh\n");
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
            git.add().addFilepattern(".").call();
            RevCommit c1 = git.commit().setMessage("one").setAuthor(who).setCommitter(who).call();
            tagCommit = c1.name();
            git.tag().setName("v1").setAnnotated(true).setMessage("v1").setTagger(who).call();
            Files.writeString(work.resolve("readme"), "v2\n");
            git.add().addFilepattern("readme").call();
            mainCommit = git.commit().setMessage("two").setAuthor(who).setCommitter(who).call().name();
            git.branchCreate().setName("feature").setStartPoint(tagCommit).call();
        }
        remote = work.resolve(".git").toUri().toString();
    }

    private GitRef ref(String fragmentRef) {
        return new GitRef(remote, fragmentRef, "", "", Optional.empty(), "checkout");
    }

    @Test
    void theDefaultBranchIsCheckedOutWithGitsModesAndWithoutDotGit() throws IOException {
        GitFetcher.Checkout c = new GitFetcher().checkout(ref(""), base.resolve("c"), "", false);
        assertThat(c.commit()).isEqualTo(mainCommit);
        assertThat(Fs.entry(c.dir().resolve("readme"))).isEqualTo("file 0644 0:0 \"v2\n\"");
        assertThat(Fs.entry(c.dir().resolve("tool.sh"))).isEqualTo("file 0755 0:0 \"#!/bin/sh\n\"");
        assertThat(Fs.entry(c.dir().resolve("docs"))).isEqualTo("dir 0755 0:0");
        assertThat(c.dir().resolve(".git")).doesNotExist();
    }

    @Test
    void anAnnotatedTagABranchAndACommitResolve() throws IOException {
        assertThat(new GitFetcher().checkout(ref("v1"), base.resolve("t"), "", false).commit()).isEqualTo(tagCommit);
        assertThat(Files.readString(base.resolve("t/readme"))).isEqualTo("v1\n");
        assertThat(new GitFetcher().checkout(ref("feature"), base.resolve("b"), "", false).commit()).isEqualTo(tagCommit);
        assertThat(new GitFetcher().checkout(ref(tagCommit.substring(0, 10)), base.resolve("h"), "", false).commit())
                .isEqualTo(tagCommit);
    }

    @Test
    void keepGitDirKeepsTheRepository() throws IOException {
        GitFetcher.Checkout c = new GitFetcher().checkout(ref("main"), base.resolve("k"), "", true);
        assertThat(c.dir().resolve(".git/HEAD")).exists();
    }

    @Test
    void theChecksumMustBeAPrefixOfTheCommit() throws IOException {
        assertThat(new GitFetcher().checkout(ref("main"), base.resolve("ok"), mainCommit.substring(0, 7), false).commit())
                .isEqualTo(mainCommit);
        assertThatThrownBy(() -> new GitFetcher().checkout(ref("main"), base.resolve("bad"), "0000000", false))
                .isInstanceOf(HttpFetcher.ChecksumMismatch.class)
                .hasMessageContaining("commit " + mainCommit)
                .hasMessageContaining("does not match checksum 0000000");
    }

    @Test
    void anUnknownReferenceFails() {
        assertThatThrownBy(() -> new GitFetcher().checkout(ref("nope"), base.resolve("n"), "", false))
                .hasMessage("reference \"nope\" not found");
    }
}
