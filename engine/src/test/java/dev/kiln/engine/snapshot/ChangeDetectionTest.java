package dev.kiln.engine.snapshot;

import static dev.kiln.engine.snapshot.Fixtures.nextTick;
import static dev.kiln.engine.snapshot.Fixtures.options;
import static dev.kiln.engine.snapshot.Fixtures.paths;
import static dev.kiln.engine.snapshot.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.fs.Xattrs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of change on a real tree, in the default (exact) mode unless a test says otherwise. */
class ChangeDetectionTest {

    @TempDir
    Path root;

    @BeforeEach
    void tree() throws Exception {
        write(root, "etc/config", "alpha=1\n");
        write(root, "etc/other", "beta\n");
        write(root, "usr/lib/big/a.so", "aaaa");
        write(root, "usr/lib/big/deep/b.so", "bbbb");
        write(root, "usr/lib/small", "s");
        Files.createSymbolicLink(root.resolve("usr/lib/link"), Path.of("small"));
        nextTick();
    }

    private Index scan(SnapshotMode mode) throws Exception {
        return Index.build(root, options(mode));
    }

    private ChangeSet changeAfter(SnapshotMode mode, ThrowingRunnable change) throws Exception {
        Index before = scan(mode);
        nextTick();
        change.run();
        return ChangeDetector.diff(before, Index.build(root, options(mode), before));
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Rewrites a file with other bytes of the same length and puts its mtime back. */
    private void sneakyWrite(Path file) throws Exception {
        Statx st = Posix.statx(file);
        byte[] content = Files.readAllBytes(file);
        content[0] ^= 1;
        Files.write(file, content);
        Posix.setTimes(file, st.atime(), st.mtime());
        assertThat(Posix.statx(file).mtime()).isEqualTo(st.mtime());
        assertThat(Posix.statx(file).size()).isEqualTo(st.size());
    }

    @Test
    void unchangedTreeHasNoChanges() throws Exception {
        assertThat(changeAfter(SnapshotMode.EXACT, () -> { }).isEmpty()).isTrue();
    }

    @Test
    void sameSizeWriteWithRestoredMtimeIsDetectedByCtimeInExactMode() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> sneakyWrite(root.resolve("etc/config")));
        assertThat(paths(cs.modified())).containsExactly("/etc/config");
        assertThat(cs.modified().getFirst().differences()).contains(Difference.CTIME)
                .doesNotContain(Difference.SIZE, Difference.MTIME, Difference.CONTENT);
    }

    @Test
    void sameSizeWriteWithRestoredMtimeIsMissedInTimeAndRedoModes() throws Exception {
        assertThat(changeAfter(SnapshotMode.TIME, () -> sneakyWrite(root.resolve("etc/config"))).isEmpty()).isTrue();
        assertThat(changeAfter(SnapshotMode.REDO, () -> sneakyWrite(root.resolve("etc/other"))).isEmpty()).isTrue();
    }

    @Test
    void sameSizeWriteWithRestoredMtimeIsDetectedByContentInFullMode() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.FULL, () -> sneakyWrite(root.resolve("etc/config")));
        assertThat(paths(cs.modified())).containsExactly("/etc/config");
        assertThat(cs.modified().getFirst().differences()).contains(Difference.CONTENT, Difference.CTIME);
    }

    @Test
    void chmodIsAPermissionChange() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> Posix.chmod(root.resolve("usr/lib/small"), 04755));
        assertThat(paths(cs.modified())).containsExactly("/usr/lib/small");
        assertThat(cs.modified().getFirst().differences()).contains(Difference.PERMISSIONS);
        assertThat(cs.modified().getFirst().after().permissions()).isEqualTo(04755);
    }

    @Test
    void chmodIsMissedInTimeModeButSeenInRedoMode() throws Exception {
        assertThat(changeAfter(SnapshotMode.TIME, () -> Posix.chmod(root.resolve("usr/lib/small"), 0600)).isEmpty()).isTrue();
        assertThat(paths(changeAfter(SnapshotMode.REDO, () -> Posix.chmod(root.resolve("usr/lib/small"), 0644)).modified()))
                .containsExactly("/usr/lib/small");
    }

    @Test
    void chownIsAnOwnerChange() throws Exception {
        Fixtures.assumeRoot();
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> Posix.lchown(root.resolve("usr/lib/link"), 1234, 5678));
        assertThat(paths(cs.modified())).containsExactly("/usr/lib/link");
        Change.Modified m = cs.modified().getFirst();
        assertThat(m.differences()).contains(Difference.OWNER);
        assertThat(m.after().uid()).isEqualTo(1234);
        assertThat(m.after().gid()).isEqualTo(5678);
    }

    @Test
    void chownToTheSameOwnerIsReportedInExactModeButNotInFullMode() throws Exception {
        Fixtures.assumeRoot();
        Path f = root.resolve("etc/other");
        Statx st = Posix.statx(f);
        assertThat(paths(changeAfter(SnapshotMode.EXACT, () -> Posix.lchown(f, st.uid(), st.gid())).modified()))
                .containsExactly("/etc/other");
        assertThat(changeAfter(SnapshotMode.FULL, () -> Posix.lchown(f, st.uid(), st.gid())).isEmpty()).isTrue();
    }

    @Test
    void settingAnXattrIsAnXattrChange() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT,
                () -> Xattrs.set(root.resolve("etc/config"), "user.kiln.test", "v".getBytes(StandardCharsets.UTF_8)));
        assertThat(paths(cs.modified())).containsExactly("/etc/config");
        Change.Modified m = cs.modified().getFirst();
        assertThat(m.differences()).contains(Difference.XATTRS);
        assertThat(m.before().xattrsDigest()).isNull();
        assertThat(m.after().xattrsDigest()).isNotNull();
    }

    @Test
    void renameIsADeletionAndAnAdditionAndTouchesTheDirectory() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT,
                () -> Files.move(root.resolve("etc/other"), root.resolve("etc/renamed")));
        assertThat(paths(cs.deleted())).containsExactly("/etc/other");
        assertThat(paths(cs.added())).containsExactly("/etc/renamed");
        assertThat(cs.whiteouts()).containsExactly("/etc/other");
        // the directory's own mtime moved: it changed itself, so it is reported (kaniko's full mode too)
        assertThat(paths(cs.modified())).containsExactly("/etc");
        assertThat(cs.added().getFirst().after().ino()).isEqualTo(cs.deleted().getFirst().before().ino());
    }

    @Test
    void parentOfAFileModifiedInPlaceIsNotReported() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> Files.writeString(root.resolve("usr/lib/big/deep/b.so"), "longer"));
        assertThat(paths(cs.changes())).containsExactly("/usr/lib/big/deep/b.so");
        assertThat(cs.modified().getFirst().differences()).contains(Difference.SIZE, Difference.MTIME, Difference.CTIME);
    }

    @Test
    void deletingAFileGivesOneWhiteout() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> Files.delete(root.resolve("usr/lib/small")));
        assertThat(cs.whiteouts()).containsExactly("/usr/lib/small");
        assertThat(cs.toWrite()).extracting(Entry::path).containsExactly("/usr/lib");
    }

    @Test
    void deletingADirectoryTreeGivesASingleWhiteout() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> deleteTree(root.resolve("usr/lib/big")));
        assertThat(paths(cs.deleted())).containsExactly("/usr/lib/big", "/usr/lib/big/a.so", "/usr/lib/big/deep",
                "/usr/lib/big/deep/b.so");
        assertThat(cs.whiteouts()).containsExactly("/usr/lib/big");
    }

    @Test
    void fileReplacedByADirectoryIsATypeChangeWithWhiteoutThenAdditions() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> {
            Files.delete(root.resolve("etc/config"));
            write(root, "etc/config/inner", "x");
        });
        assertThat(cs.typeChanged()).singleElement().satisfies(t -> {
            assertThat(t.path()).isEqualTo("/etc/config");
            assertThat(t.before().type()).isEqualTo(FileType.REGULAR);
            assertThat(t.after().type()).isEqualTo(FileType.DIRECTORY);
        });
        assertThat(cs.whiteouts()).containsExactly("/etc/config");
        assertThat(cs.toWrite()).extracting(Entry::path).containsExactly("/etc", "/etc/config", "/etc/config/inner");
    }

    @Test
    void directoryReplacedByASymlinkWhitesOutOnlyTheDirectory() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> {
            deleteTree(root.resolve("usr/lib/big"));
            Files.createSymbolicLink(root.resolve("usr/lib/big"), Path.of("/opt/big"));
        });
        assertThat(paths(cs.typeChanged())).containsExactly("/usr/lib/big");
        assertThat(paths(cs.deleted())).containsExactly("/usr/lib/big/a.so", "/usr/lib/big/deep", "/usr/lib/big/deep/b.so");
        assertThat(cs.whiteouts()).containsExactly("/usr/lib/big");
        assertThat(cs.typeChanged().getFirst().after().linkTarget()).isEqualTo("/opt/big");
    }

    @Test
    void retargetedSymlinkIsALinkTargetChange() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT, () -> {
            Files.delete(root.resolve("usr/lib/link"));
            Files.createSymbolicLink(root.resolve("usr/lib/link"), Path.of("other"));
        });
        Change.Modified m = cs.modified().stream().filter(c -> c.path().equals("/usr/lib/link")).findFirst().orElseThrow();
        assertThat(m.differences()).contains(Difference.LINK_TARGET);
        assertThat(m.after().linkTarget()).isEqualTo("other");
    }

    @Test
    void newHardLinkReportsTheSharedInodeOnBothPaths() throws Exception {
        ChangeSet cs = changeAfter(SnapshotMode.EXACT,
                () -> Files.createLink(root.resolve("etc/config.hard"), root.resolve("etc/config")));
        Entry added = cs.added().getFirst().after();
        assertThat(added.path()).isEqualTo("/etc/config.hard");
        Change.Modified original = cs.modified().stream().filter(c -> c.path().equals("/etc/config")).findFirst().orElseThrow();
        assertThat(original.differences()).contains(Difference.LINKS, Difference.CTIME);
        assertThat(added.fileKey()).isEqualTo(original.after().fileKey());
        assertThat(added.nlink()).isEqualTo(2);
        assertThat(added.isHardLinked()).isTrue();
    }

    @Test
    void changesInIgnoredPathsAreNotReported() throws Exception {
        IndexOptions opts = options(SnapshotMode.EXACT).withIgnores(IgnoreList.of(List.of(
                IgnoreList.Rule.pathAndBelow("/usr/lib/big", "test"), IgnoreList.Rule.belowOnly("/etc", "test"))));
        Index before = Index.build(root, opts);
        assertThat(before.get("/usr/lib/big")).isEmpty();
        assertThat(before.get("/etc")).isPresent();
        assertThat(before.get("/etc/config")).isEmpty();
        nextTick();
        write(root, "usr/lib/big/new", "n");
        Files.delete(root.resolve("usr/lib/big/a.so"));
        Files.writeString(root.resolve("etc/config"), "changed");
        write(root, "var/log/new", "log");
        ChangeSet cs = ChangeDetector.diff(before, Index.build(root, opts, before));
        assertThat(paths(cs.changes())).containsExactly("/", "/var", "/var/log", "/var/log/new");
    }

    @Test
    void diffAgainstTheScanBasisEqualsAFullComparison() throws Exception {
        Index before = scan(SnapshotMode.EXACT);
        nextTick();
        sneakyWrite(root.resolve("etc/config"));
        Files.delete(root.resolve("etc/other"));
        write(root, "usr/lib/big/new", "n");
        Posix.chmod(root.resolve("usr/lib/small"), 0600);
        Index after = Index.build(root, options(SnapshotMode.EXACT), before);
        assertThat(after.freshSince(before)).extracting(Entry::path)
                .containsExactlyInAnyOrder("/etc", "/etc/config", "/usr/lib/big", "/usr/lib/big/new", "/usr/lib/small");
        Index withoutBasis = new Index(after.root(), after.options(), after.scannedAt(), after.entries());
        assertThat(withoutBasis.freshSince(before)).isNull();
        ChangeSet fast = ChangeDetector.diff(before, after);
        assertThat(fast).isEqualTo(ChangeDetector.diff(before, withoutBasis));
        assertThat(paths(fast.changes())).containsExactly("/etc", "/etc/config", "/etc/other", "/usr/lib/big",
                "/usr/lib/big/new", "/usr/lib/small");
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
