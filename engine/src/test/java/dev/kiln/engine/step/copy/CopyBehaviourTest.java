package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.fs.Xattrs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY behaviours beyond the tree shape: times, links, owners from stages, xattrs, ignore files, heredocs, errors. */
class CopyBehaviourTest {

    static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");

    @TempDir
    Path base;
    Path ctx;
    Path root;
    CopyOperation op;

    @BeforeEach
    void setUp() throws IOException {
        ctx = Files.createDirectory(base.resolve("ctx"));
        root = Files.createDirectory(base.resolve("rootfs"));
        Fs.file(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644);
        op = new CopyOperation(CopyOptions.defaults().withScratch(base.resolve("scratch"))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private CopyResult copy(CopyRequest.Builder b) throws IOException {
        return op.apply(b.line(7).build(), CopySource.context(LocalContext.of(ctx, DockerIgnore.none())), root);
    }

    private static CopyRequest.Builder copy() {
        return CopyRequest.builder(CopyRequest.Kind.COPY);
    }

    @Test
    void filesAndCopiedDirectoriesKeepTheirSourceMtime() throws IOException {
        Fs.file(ctx, "d/sub/f", "F", 0644);
        Fs.settle(ctx);
        copy(copy().source("d").destination("/out"));
        assertThat(Fs.mtime(root.resolve("out/sub/f"))).isEqualTo(Fs.T0);
        assertThat(Fs.mtime(root.resolve("out/sub"))).isEqualTo(Fs.T0);
        assertThat(Fs.mtime(root.resolve("out"))).as("the top directory gets the source directory's times").isEqualTo(Fs.T0);
    }

    @Test
    void anExistingTopDirectoryGetsTheSourceTimesButKeepsItsModeAndOwner() throws IOException {
        Fs.file(ctx, "d/f", "F", 0644);
        Fs.dir(ctx, "d", 0700);
        Fs.settle(ctx);
        Fs.dir(root, "exists", 0751);
        Posix.lchown(root.resolve("exists"), 7, 8);
        copy(copy().source("d").destination("/exists"));
        assertThat(Fs.entry(root.resolve("exists"))).isEqualTo("dir 0751 7:8");
        assertThat(Fs.mtime(root.resolve("exists"))).isEqualTo(Fs.T0);
    }

    @Test
    void hardlinksWithinOneSourceStayHardlinks() throws IOException {
        Fs.file(ctx, "h/one", "same", 0644);
        Files.createLink(ctx.resolve("h/two"), ctx.resolve("h/one"));
        copy(copy().source("h").destination("/hl/"));
        Statx one = Posix.statx(root.resolve("hl/one"));
        Statx two = Posix.statx(root.resolve("hl/two"));
        assertThat(two.ino()).isEqualTo(one.ino());
        assertThat(one.nlink()).isEqualTo(2);
    }

    @Test
    void contextFilesBecomeRootOwnedWhileStageFilesKeepTheirOwners() throws IOException {
        Fs.file(ctx, "owned", "o", 0644);
        Posix.lchown(ctx.resolve("owned"), 100, 200);
        copy(copy().source("owned").destination("/from-context"));
        assertThat(Fs.entry(root.resolve("from-context"))).isEqualTo("file 0644 0:0 \"o\"");

        Path stage = Files.createDirectory(base.resolve("stage"));
        Fs.file(stage, "app/bin", "b", 0755);
        Posix.lchown(stage.resolve("app/bin"), 100, 200);
        Posix.lchown(stage.resolve("app"), 101, 201);
        op.apply(copy().source("/app").destination("/from-stage").build(), CopySource.stage("build", stage), root);
        assertThat(Fs.entry(root.resolve("from-stage/bin"))).isEqualTo("file 0755 100:200 \"b\"");
        assertThat(Fs.entry(root.resolve("from-stage"))).as("a created destination directory is root's")
                .isEqualTo("dir 0755 0:0");
    }

    @Test
    void xattrsAreCopiedBetweenStagesAndFromTheContextWithoutFileCapabilities() throws IOException {
        byte[] cap = capability();
        Path stage = Files.createDirectory(base.resolve("stage"));
        Path sf = Fs.file(stage, "tool", "t", 0755);
        Xattrs.set(sf, "user.kiln", "1".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(sf, "security.capability", cap);
        op.apply(copy().source("tool").destination("/s").build(), CopySource.stage("s", stage), root);
        assertThat(Xattrs.getAll(root.resolve("s")).keySet()).containsExactly("security.capability", "user.kiln");

        Path cf = Fs.file(ctx, "tool", "t", 0755);
        Xattrs.set(cf, "user.kiln", "1".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(cf, "security.capability", cap);
        copy(copy().source("tool").destination("/c"));
        assertThat(Xattrs.getAll(root.resolve("c")).keySet()).containsExactly("user.kiln");
    }

    /** A version-2 file capability blob granting cap_net_bind_service (bit 10), permitted and effective. */
    private static byte[] capability() {
        byte[] b = new byte[20];
        b[0] = 0x01;
        b[3] = 0x02; // magic 0x02000001, little endian, effective flag set
        b[5] = 0x04; // permitted low word: bit 10
        return b;
    }

    @Test
    void dockerignoredFilesAreNotFoundAndNotCopied() throws IOException {
        Fs.file(ctx, "a.txt", "A", 0644);
        Fs.file(ctx, "b.txt", "B", 0644);
        Fs.file(ctx, "dir/x", "X", 0644);
        Fs.file(ctx, "dir/sub/y", "Y", 0644);
        Fs.file(ctx, "secret/keep", "K", 0644);
        Fs.file(ctx, "secret/drop", "D", 0644);
        LocalContext context = LocalContext.of(ctx, DockerIgnore.parse(".dockerignore",
                "*.txt\n!b.txt\ndir/sub\nsecret\n!secret/keep\n"));
        op.apply(copy().source(".").destination("/all/").build(), CopySource.context(context), root);
        assertThat(Fs.describe(root.resolve("all")).keySet())
                .containsExactly("/b.txt", "/dir", "/dir/x", "/secret", "/secret/keep");

        assertThatThrownBy(() -> op.apply(copy().line(9).source("a.txt").destination("/x").build(),
                CopySource.context(context), root))
                .isInstanceOf(CopyException.class)
                .hasMessage("COPY (line 9) source \"/a.txt\": not found in the build context");
    }

    @Test
    void aMissingSourceNamesTheInstructionLineAndTheSource() throws IOException {
        assertThatThrownBy(() -> copy(copy().source("nope.txt").destination("/x")))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(CopyException.Reason.NOT_FOUND);
                    assertThat(e.line()).isEqualTo(7);
                })
                .hasMessage("COPY (line 7) source \"/nope.txt\": not found in the build context");
        assertThat(Fs.describe(root).keySet()).containsExactly("/etc", "/etc/passwd");
    }

    @Test
    void aMissingSourceFailsBeforeAnyOtherSourceIsCopied() throws IOException {
        Fs.file(ctx, "a.txt", "A", 0644);
        assertThatThrownBy(() -> copy(copy().source("a.txt").source("gone").destination("/d/")))
                .hasMessageContaining("source \"/gone\": not found");
        assertThat(root.resolve("d")).doesNotExist();
    }

    @Test
    void aWildcardUnderAMissingDirectoryFails() {
        assertThatThrownBy(() -> copy(copy().source("missing/*.txt").destination("/d/")))
                .hasMessage("COPY (line 7) source \"/missing\": not found in the build context");
    }

    @Test
    void severalFilesIntoADestinationWithoutSlashAreRefused() throws IOException {
        Fs.file(ctx, "a.txt", "A", 0644);
        Fs.file(ctx, "b.txt", "B", 0644);
        assertThatThrownBy(() -> copy(copy().source("*.txt").destination("/file")))
                .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.INVALID))
                .hasMessage("COPY (line 7) destination \"/file\": When using COPY with more than one source file, "
                        + "the destination must be a directory and end with a /");
        Fs.dir(root, "isdir", 0755);
        copy(copy().source("*.txt").destination("/isdir"));
        assertThat(root.resolve("isdir/a.txt")).exists();
        assertThat(root.resolve("isdir/b.txt")).exists();
    }

    @Test
    void aFileOntoADirectoryAndADirectoryOntoAFileAreConflicts() throws IOException {
        Fs.file(ctx, "d/f", "F", 0644);
        Fs.file(ctx, "f", "F", 0644);
        Fs.dir(root, "t/f", 0755);
        Fs.dir(root, "u", 0755);
        Fs.file(root, "u/f", "old", 0644);
        Fs.dir(ctx, "e/f", 0755);
        assertThatThrownBy(() -> copy(copy().source("d").destination("/t/")))
                .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.CONFLICT))
                .hasMessage("COPY (line 7) destination \"/t/f\": cannot replace a directory with a file");
        assertThatThrownBy(() -> copy(copy().source("e").destination("/u/")))
                .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.CONFLICT))
                .hasMessage("COPY (line 7) destination \"/u/f\": cannot copy a directory onto a file");
    }

    @Test
    void aFileReplacesAFileAndASymlinkAtTheDestinationWithoutFollowingIt() throws IOException {
        Fs.file(ctx, "d/f", "new", 0644);
        Fs.file(ctx, "d/l", "also new", 0644);
        Fs.file(root, "keep/secret", "s", 0600);
        Fs.file(root, "t/f", "old", 0644);
        Fs.link(root, "t/l", "/keep/secret");
        copy(copy().source("d").destination("/t/"));
        assertThat(Fs.entry(root.resolve("t/f"))).isEqualTo("file 0644 0:0 \"new\"");
        assertThat(Fs.entry(root.resolve("t/l"))).isEqualTo("file 0644 0:0 \"also new\"");
        assertThat(Fs.entry(root.resolve("keep/secret"))).isEqualTo("file 0600 0:0 \"s\"");
    }

    @Test
    void anUnknownChownNameFailsNamingIt() {
        assertThatThrownBy(() -> copy(copy().source("x").chown("nobody-here").destination("/x")))
                .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.UNKNOWN_OWNER))
                .hasMessage("COPY (line 7) --chown: --chown=nobody-here: user \"nobody-here\" not found in /etc/passwd "
                        + "of the destination");
    }

    @Test
    void aBadChmodFailsWithBuildKitsMessage() {
        assertThatThrownBy(() -> copy(copy().source("x").chmod("8755").destination("/x")))
                .hasMessage("COPY (line 7) --chmod: invalid chmod parameter: '8755'. it should be octal string and "
                        + "between 0 and 07777");
    }

    @Test
    void aHeredocIsA0644FileWithTheTimeOfTheStep() throws IOException {
        CopyResult r = copy(copy().heredoc("EOF", "hello\n").destination("/h/"));
        assertThat(Fs.entry(root.resolve("h/EOF"))).isEqualTo("file 0644 0:0 \"hello\n\"");
        assertThat(Fs.mtime(root.resolve("h/EOF"))).isEqualTo(NOW);
        assertThat(r.written()).containsExactly("/h", "/h/EOF");
    }

    @Test
    void aHeredocTakesChmodAndChownAndCanBeTheDestinationFile() throws IOException {
        copy(copy().heredoc("script", "#!/bin/sh\n").chmod("755").chown("0:5").destination("/usr/bin/tool"));
        assertThat(Fs.entry(root.resolve("usr/bin/tool"))).isEqualTo("file 0755 0:5 \"#!/bin/sh\n\"");
        assertThat(Fs.entry(root.resolve("usr/bin"))).isEqualTo("dir 0755 0:5");
    }

    @Test
    void copyRefusesUrlsAndGitReferences() {
        assertThatThrownBy(() -> copy(copy().source("https://example.com/x").destination("/x")))
                .hasMessage("COPY (line 7) source \"https://example.com/x\": source can't be a URL for COPY");
        assertThatThrownBy(() -> copy(copy().source("git@github.com:moby/buildkit.git").destination("/x")))
                .hasMessage("COPY (line 7) source \"git@github.com:moby/buildkit.git\": source can't be a git ref for COPY");
    }

    @Test
    void writtenPathsListEveryCreatedEntryOnce() throws IOException {
        Fs.file(ctx, "d/a", "A", 0644);
        Fs.file(ctx, "d/s/b", "B", 0644);
        CopyResult r = copy(copy().source("d").destination("/w/x/"));
        assertThat(r.written()).containsExactlyInAnyOrder("/w", "/w/x", "/w/x/a", "/w/x/s", "/w/x/s/b");
        assertThat(r.warnings()).isEmpty();
    }
}
