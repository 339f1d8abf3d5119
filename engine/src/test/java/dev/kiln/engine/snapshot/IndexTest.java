package dev.kiln.engine.snapshot;

import static dev.kiln.engine.snapshot.Fixtures.options;
import static dev.kiln.engine.snapshot.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an index records for each kind of file. */
class IndexTest {

    @TempDir
    Path root;

    @Test
    void recordsModeWithSpecialBitsOwnerTimesAndInode() throws Exception {
        Path f = write(root, "bin/su", "#!/bin/sh\n");
        Posix.chmod(f, 04755);
        Path sticky = Files.createDirectory(root.resolve("tmp"));
        Posix.chmod(sticky, 01777);
        Instant mtime = Instant.parse("2020-05-06T07:08:09.987654321Z");
        Posix.setTimes(f, mtime, mtime);
        Index index = Index.build(root, options(SnapshotMode.EXACT));
        Entry e = index.get("/bin/su").orElseThrow();
        var st = Posix.statx(f);
        assertThat(e.type()).isEqualTo(FileType.REGULAR);
        assertThat(e.mode()).isEqualTo(0104755);
        assertThat(e.permissions()).isEqualTo(04755);
        assertThat(e.size()).isEqualTo(10);
        assertThat(e.mtime()).isEqualTo(mtime);
        assertThat(e.ctime()).isEqualTo(st.ctime());
        assertThat(e.ino()).isEqualTo(st.ino());
        assertThat(e.dev()).isEqualTo(st.dev());
        assertThat(e.uid()).isEqualTo(st.uid());
        assertThat(e.nlink()).isEqualTo(1);
        assertThat(index.get("/tmp").orElseThrow().permissions()).isEqualTo(01777);
    }

    @Test
    void recordsTheRootAndEveryPathUnderIt() throws Exception {
        write(root, "a/b/c", "x");
        Index index = Index.build(root, options(SnapshotMode.EXACT));
        assertThat(index.sortedEntries()).extracting(Entry::path).containsExactly("/", "/a", "/a/b", "/a/b/c");
        assertThat(index.get("/").orElseThrow().isDirectory()).isTrue();
    }

    @Test
    void recordsSymlinkTargetWithoutFollowingIt() throws Exception {
        Path outside = Files.createDirectories(root.resolve("../outside-" + System.nanoTime()).normalize());
        try {
            Files.writeString(outside.resolve("secret"), "host file");
            Files.createSymbolicLink(root.resolve("escape"), outside);
            Index index = Index.build(root, options(SnapshotMode.FULL));
            Entry link = index.get("/escape").orElseThrow();
            assertThat(link.type()).isEqualTo(FileType.SYMLINK);
            assertThat(link.linkTarget()).isEqualTo(outside.toString());
            assertThat(link.contentHash()).isNull();
            assertThat(index.get("/escape/secret")).isEmpty();
        } finally {
            Files.delete(outside.resolve("secret"));
            Files.delete(outside);
        }
    }

    @Test
    void recordsFifosAndDeviceNumbers() throws Exception {
        Posix.mknod(root.resolve("fifo"), FileType.FIFO, 0600, 0, 0);
        Index index = Index.build(root, options(SnapshotMode.FULL));
        assertThat(index.get("/fifo").orElseThrow().type()).isEqualTo(FileType.FIFO);
        assertThat(index.get("/fifo").orElseThrow().contentHash()).isNull();
        Fixtures.assumeRoot();
        Posix.mknod(root.resolve("null"), FileType.CHAR_DEVICE, 0666, 1, 3);
        Entry dev = Index.build(root, options(SnapshotMode.EXACT)).get("/null").orElseThrow();
        assertThat(dev.type()).isEqualTo(FileType.CHAR_DEVICE);
        assertThat(dev.rdev()).isEqualTo(Posix.makedev(1, 3));
    }

    @Test
    void xattrsDigestIsEmptyWithoutXattrsAndCoversSortedNamesAndValues() throws Exception {
        Path plain = write(root, "plain", "p");
        Path f = write(root, "f", "f");
        Xattrs.set(f, "user.b", "2".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(f, "user.a", "1".getBytes(StandardCharsets.UTF_8));
        Index index = Index.build(root, options(SnapshotMode.EXACT));
        assertThat(index.get("/plain").orElseThrow().xattrsDigest()).isNull();
        TreeMap<String, byte[]> expected = new TreeMap<>();
        expected.put("user.a", "1".getBytes(StandardCharsets.UTF_8));
        expected.put("user.b", "2".getBytes(StandardCharsets.UTF_8));
        Digest d = index.get("/f").orElseThrow().xattrsDigest();
        assertThat(d).isEqualTo(Hashes.xattrs(expected));
        // the same attributes set in the other order give the same digest
        Xattrs.set(plain, "user.a", "1".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(plain, "user.b", "2".getBytes(StandardCharsets.UTF_8));
        assertThat(Index.build(root, options(SnapshotMode.EXACT)).get("/plain").orElseThrow().xattrsDigest()).isEqualTo(d);
        // and a different value gives another
        expected.put("user.b", "3".getBytes(StandardCharsets.UTF_8));
        assertThat(Hashes.xattrs(expected)).isNotEqualTo(d);
    }

    @Test
    void fullModeHashesEveryRegularFileWithSha256() throws Exception {
        write(root, "a", "hello");
        Index index = Index.build(root, options(SnapshotMode.FULL));
        assertThat(index.get("/a").orElseThrow().contentHash())
                .isEqualTo(Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(index.get("/").orElseThrow().contentHash()).isNull();
    }

    @Test
    void exactModeHashesOnlyRacyFiles() throws Exception {
        write(root, "a", "hello");
        Index trusting = Index.build(root, options(SnapshotMode.EXACT));
        assertThat(trusting.get("/a").orElseThrow().racy()).isFalse();
        assertThat(trusting.get("/a").orElseThrow().contentHash()).isNull();
        Index racy = Index.build(root, options(SnapshotMode.EXACT).withRacyWindow(Duration.ofHours(1)));
        assertThat(racy.get("/a").orElseThrow().racy()).isTrue();
        assertThat(racy.get("/a").orElseThrow().contentHash()).isNotNull();
    }

    @Test
    void aRescanOfAnUnchangedInodeReusesWhatTheLastScanRead() throws Exception {
        write(root, "a", "hello");
        Xattrs.set(root.resolve("a"), "user.x", new byte[]{1});
        Files.createSymbolicLink(root.resolve("l"), Path.of("a"));
        Index first = Index.build(root, options(SnapshotMode.FULL));
        Index second = Index.build(root, options(SnapshotMode.FULL), first);
        assertThat(second.get("/a").orElseThrow().contentHash()).isSameAs(first.get("/a").orElseThrow().contentHash());
        assertThat(second.get("/a").orElseThrow().xattrsDigest()).isSameAs(first.get("/a").orElseThrow().xattrsDigest());
        assertThat(second.get("/l").orElseThrow().linkTarget()).isSameAs(first.get("/l").orElseThrow().linkTarget());
        assertThat(second.entries()).isEqualTo(first.entries());
    }

    @Test
    void aRacyStatIsReadAgainAndHashedOnTheNextScan() throws Exception {
        write(root, "a", "hello");
        IndexOptions racyOptions = options(SnapshotMode.EXACT).withRacyWindow(Duration.ofHours(1));
        Index first = Index.build(root, racyOptions);
        Index second = Index.build(root, options(SnapshotMode.EXACT), first);
        Entry e = second.get("/a").orElseThrow();
        assertThat(e.racy()).isFalse();
        assertThat(e.contentHash()).isEqualTo(first.get("/a").orElseThrow().contentHash()).isNotSameAs(
                first.get("/a").orElseThrow().contentHash());
        assertThat(ChangeDetector.diff(first, second).isEmpty()).isTrue();
    }

    @Test
    void ignoredPathsAreNotRecordedAtAnyDepth() throws Exception {
        write(root, "proc/1/status", "x");
        write(root, "etc/hosts", "127.0.0.1 localhost");
        write(root, "etc/hostname", "box");
        IndexOptions opts = options(SnapshotMode.EXACT).withIgnores(IgnoreList.of(List.of(
                IgnoreList.Rule.pathAndBelow("/proc", "test"), IgnoreList.Rule.pathAndBelow("/etc/hosts", "test"))));
        for (int threads : new int[]{1, 3}) {
            Index index = Index.build(root, opts.withParallelism(threads));
            assertThat(index.entries().keySet()).containsExactlyInAnyOrder("/", "/etc", "/etc/hostname");
        }
    }

    @Test
    void missingRootIsRefusedNamingIt() {
        Path missing = root.resolve("missing");
        assertThatThrownBy(() -> Index.build(missing, options(SnapshotMode.EXACT)))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("index rootfs " + missing + " at /: " + missing + ": no such directory")
                .extracting(e -> ((SnapshotException) e).containerPath()).isEqualTo("/");
    }

    @Test
    void previousIndexOfAnotherRootfsIsRefused() throws Exception {
        Path a = Files.createDirectory(root.resolve("a"));
        Path b = Files.createDirectory(root.resolve("b"));
        Index ofA = Index.build(a, options(SnapshotMode.EXACT));
        assertThatThrownBy(() -> Index.build(b, options(SnapshotMode.EXACT), ofA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index rootfs " + b + ": the previous index is of another rootfs, " + a);
    }

    @Test
    void symlinkedRootIsResolvedOnce() throws Exception {
        write(root, "real/etc/x", "x");
        Path link = Files.createSymbolicLink(root.resolve("link"), root.resolve("real"));
        Index index = Index.build(link, options(SnapshotMode.EXACT));
        assertThat(index.root()).isEqualTo(root.resolve("real").toRealPath());
        assertThat(index.get("/etc/x")).isPresent();
    }

    @Test
    void rootThatIsNotADirectoryIsRefused() throws Exception {
        Path file = write(root, "file", "x");
        assertThatThrownBy(() -> Index.build(file, options(SnapshotMode.EXACT)))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("index rootfs " + file + " at /: " + file + ": not a directory");
    }
}
