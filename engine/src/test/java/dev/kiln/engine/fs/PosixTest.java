package dev.kiln.engine.fs;

import static dev.kiln.engine.fs.Root.assumeRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixTest {

    @TempDir
    Path dir;

    @Test
    void lchownOnSymlinkChangesTheLinkNotTheTarget() throws Exception {
        assumeRoot();
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        Posix.lchown(link, 1000, 1001);

        assertThat(Posix.statx(link)).extracting(Statx::uid, Statx::gid).containsExactly(1000, 1001);
        assertThat(Posix.statx(target)).extracting(Statx::uid, Statx::gid).containsExactly(0, 0);
    }

    @Test
    void lchownWithMinusOneKeepsThatId() throws Exception {
        assumeRoot();
        Path f = Files.writeString(dir.resolve("f"), "x");
        Posix.lchown(f, 1000, 1000);
        Posix.lchown(f, -1, 2000);
        assertThat(Posix.statx(f)).extracting(Statx::uid, Statx::gid).containsExactly(1000, 2000);
    }

    @Test
    void renameExchangeSwapsTwoTreesAndNamesAMissingOne() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("from-a"), "A");
        Files.writeString(b.resolve("from-b"), "B");
        Posix.renameExchange(a, b);
        assertThat(Files.readString(b.resolve("from-a"))).isEqualTo("A");
        assertThat(Files.readString(a.resolve("from-b"))).isEqualTo("B");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Posix.renameExchange(missing, a))
                .isInstanceOf(PosixException.NotFound.class)
                .hasMessage("renameat2 " + missing + " exchanged with " + a + ": ENOENT (No such file or directory)");
    }

    @Test
    void lchownOfMissingPathNamesCallPathAndIds() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Posix.lchown(missing, 1000, 1000))
                .isInstanceOf(PosixException.NotFound.class)
                .hasMessage("lchown " + missing + " to 1000:1000: ENOENT (No such file or directory)")
                .satisfies(e -> {
                    PosixException p = (PosixException) e;
                    assertThat(p.call()).isEqualTo("lchown");
                    assertThat(p.path()).isEqualTo(missing.toString());
                    assertThat(p.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(p.getReason()).isEqualTo("ENOENT (No such file or directory)");
                });
    }

    @Test
    void mknodCharDeviceHasModeAndRdev() throws Exception {
        assumeRoot();
        Path node = dir.resolve("null");
        Posix.mknod(node, FileType.CHAR_DEVICE, 0666, 1, 3);

        Statx st = Posix.statx(node);
        assertThat(st.type()).isEqualTo(FileType.CHAR_DEVICE);
        assertThat(st.permissions()).isEqualTo(0666); // the umask (022 here) did not apply
        assertThat(st.rdevMajor()).isEqualTo(1);
        assertThat(st.rdevMinor()).isEqualTo(3);
        assertThat(st.rdev()).isEqualTo(Posix.makedev(1, 3));
    }

    @Test
    void mknodBlockDeviceWithLargeMinor() throws Exception {
        assumeRoot();
        Path node = dir.resolve("blk");
        Posix.mknod(node, FileType.BLOCK_DEVICE, 0660, 259, 300_000);

        Statx st = Posix.statx(node);
        assertThat(st.type()).isEqualTo(FileType.BLOCK_DEVICE);
        assertThat(st.permissions()).isEqualTo(0660);
        assertThat(st.rdevMajor()).isEqualTo(259);
        assertThat(st.rdevMinor()).isEqualTo(300_000);
    }

    @Test
    void mknodFifoGetsExactModeAndNoRdev() throws Exception {
        Path fifo = dir.resolve("fifo");
        Posix.mknod(fifo, FileType.FIFO, 0622, 9, 9);

        Statx st = Posix.statx(fifo);
        assertThat(st.type()).isEqualTo(FileType.FIFO);
        assertThat(st.permissions()).isEqualTo(0622);
        assertThat(st.rdev()).isZero();
    }

    @Test
    void mknodOnExistingPathFailsWithEexist() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> Posix.mknod(f, FileType.FIFO, 0644, 0, 0))
                .isInstanceOf(PosixException.class)
                .hasMessage("mknod " + f + " as fifo: EEXIST (File exists)");
    }

    @Test
    void mknodRejectsTypeBitsInPermissions() {
        assertThatThrownBy(() -> Posix.mknod(dir.resolve("x"), FileType.FIFO, 0100644, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permissions 0100644 have bits outside 07777 (file type bits belong in FileType)");
    }

    @Test
    void chmodSetsSetuidSetgidAndSticky() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Path d = Files.createDirectory(dir.resolve("d"));

        Posix.chmod(f, 06755);
        Posix.chmod(d, 01777);

        Statx sf = Posix.statx(f);
        assertThat(sf.permissions()).isEqualTo(06755);
        assertThat(sf.isSetuid()).isTrue();
        assertThat(sf.isSetgid()).isTrue();
        assertThat(sf.mode()).isEqualTo(0106755);
        Statx sd = Posix.statx(d);
        assertThat(sd.isSticky()).isTrue();
        assertThat(sd.mode()).isEqualTo(041777);
    }

    @Test
    void chmodRefusesSymlinkAndLeavesTargetAlone() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Posix.chmod(target, 0600);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        assertThatThrownBy(() -> Posix.chmod(link, 04777))
                .isInstanceOf(PosixException.class)
                .hasMessage("chmod " + link + " to 04777 (refused: a symbolic link has no mode, chmod would"
                        + " change its target): EOPNOTSUPP (Operation not supported)");
        assertThat(Posix.statx(target).permissions()).isEqualTo(0600);
    }

    @Test
    void setTimesOnSymlinkLeavesTargetAndKeepsNanoseconds() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Instant targetMtime = Instant.parse("2001-02-03T04:05:06.000000007Z");
        Posix.setTimes(target, targetMtime, targetMtime);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        Instant atime = Instant.parse("2010-01-01T00:00:00.123456789Z");
        Instant mtime = Instant.parse("2020-06-30T12:34:56.987654321Z");
        Posix.setTimes(link, atime, mtime);

        Statx l = Posix.statx(link);
        assertThat(l.atime()).isEqualTo(atime);
        assertThat(l.mtime()).isEqualTo(mtime);
        Statx t = Posix.statx(target);
        assertThat(t.mtime()).isEqualTo(targetMtime);
        assertThat(t.atime()).isEqualTo(targetMtime);
    }

    @Test
    void setTimesWithNullLeavesThatTime() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Instant first = Instant.parse("2000-01-01T00:00:00.5Z");
        Posix.setTimes(f, first, first);

        Instant later = Instant.parse("2030-01-01T00:00:00.25Z");
        Posix.setTimes(f, null, later);
        assertThat(Posix.statx(f).atime()).isEqualTo(first);
        assertThat(Posix.statx(f).mtime()).isEqualTo(later);

        Posix.setTimes(f, later, null);
        assertThat(Posix.statx(f).atime()).isEqualTo(later);
        assertThat(Posix.statx(f).mtime()).isEqualTo(later);
    }

    @Test
    void setTimesBeforeTheEpoch() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Instant old = Instant.parse("1969-12-31T23:59:58.75Z");
        Posix.setTimes(f, old, old);
        assertThat(Posix.statx(f).mtime()).isEqualTo(old);
    }

    @Test
    void symlinkStoresTargetVerbatimAndReadlinkReturnsIt() throws Exception {
        Path link = dir.resolve("link");
        String target = "../does/not//exist/ünïcode";
        Posix.symlink(target, link);

        assertThat(Posix.readlink(link)).isEqualTo(target);
        assertThat(Files.readSymbolicLink(link).toString()).isEqualTo(target);
        assertThat(Posix.statx(link).type()).isEqualTo(FileType.SYMLINK);
        assertThat(Posix.statx(link).size()).isEqualTo(target.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void readlinkOfLongTarget() throws Exception {
        Path link = dir.resolve("long");
        String target = "x/".repeat(1500) + "end";
        Posix.symlink(target, link);
        assertThat(Posix.readlink(link)).isEqualTo(target);
    }

    @Test
    void readlinkOfRegularFileFailsWithEinval() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> Posix.readlink(f))
                .isInstanceOf(PosixException.class)
                .hasMessage("readlink " + f + ": EINVAL (Invalid argument)");
    }

    @Test
    void symlinkRejectsNulInTarget() {
        assertThatThrownBy(() -> Posix.symlink("a\0b", dir.resolve("l")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("symlink target contains a NUL character at index 1");
    }

    @Test
    void linkOfSymlinkLinksTheSymlinkItself() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Path hard = dir.resolve("hard");

        Posix.link(link, hard);

        Statx h = Posix.statx(hard);
        assertThat(h.type()).isEqualTo(FileType.SYMLINK);
        assertThat(h.ino()).isEqualTo(Posix.statx(link).ino());
        assertThat(h.nlink()).isEqualTo(2);
        assertThat(Posix.statx(target).nlink()).isEqualTo(1);
    }

    @Test
    void linkOntoExistingPathFailsWithEexist() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "x");
        Path b = Files.writeString(dir.resolve("b"), "y");
        assertThatThrownBy(() -> Posix.link(a, b))
                .isInstanceOf(PosixException.class)
                .hasMessage("link " + a + " as " + b + ": EEXIST (File exists)");
    }

    @Test
    void statxOfMissingPathIsNotFound() {
        Path missing = dir.resolve("nope/deeper");
        assertThatThrownBy(() -> Posix.statx(missing))
                .isInstanceOf(PosixException.NotFound.class)
                .hasMessage("statx " + missing + ": ENOENT (No such file or directory)");
    }

    @Test
    void makedevMatchesGlibcEncoding() {
        // expected values computed with glibc's makedev (via Python os.makedev)
        assertThat(Posix.makedev(8, 1)).isEqualTo(0x801L);
        assertThat(Posix.makedev(1, 3)).isEqualTo(0x103L);
        assertThat(Posix.makedev(259, 300_000)).isEqualTo(0x493103e0L);
        assertThat(Posix.makedev(0x12345, 0x6789a)).isEqualTo(0x120006783459aL); // Python's os.makedev
        long dev = Posix.makedev(0xfffff123, 0xabcdef12);
        assertThat(Posix.major(dev)).isEqualTo(0xfffff123);
        assertThat(Posix.minor(dev)).isEqualTo(0xabcdef12);
    }

    @Test
    void errnoIsCapturedPerCallAcrossThreads() throws Exception {
        Path existing = Files.writeString(dir.resolve("exists"), "x");
        Path missing = dir.resolve("missing");
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean enoent = t % 2 == 0;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        try {
                            if (enoent) {
                                Posix.statx(missing);
                            } else {
                                Posix.mknod(existing, FileType.FIFO, 0600, 0, 0);
                            }
                            throw new AssertionError("call succeeded");
                        } catch (PosixException e) {
                            assertThat(e.errno()).isEqualTo(enoent ? Errno.ENOENT : Errno.EEXIST);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        }
    }
}
