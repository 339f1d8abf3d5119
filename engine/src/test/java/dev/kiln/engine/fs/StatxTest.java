package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compares {@link Posix#statx} with the real {@code stat} command (GNU coreutils, which uses statx too). */
class StatxTest {

    private static final String FORMAT = "%i %h %u %g %f %s %.9Y %.9Z %.9X %t %T %Hd %Ld %b %.9W";

    @TempDir
    Path dir;

    @Test
    void regularFileMatchesStatCommand() throws Exception {
        Path f = Files.writeString(dir.resolve("file"), "hello, world\n");
        Posix.setTimes(f, Instant.parse("2021-03-04T05:06:07.111222333Z"), Instant.parse("2022-03-04T05:06:07.444555666Z"));
        assertMatchesStat(f);
        assertThat(Posix.statx(f).mtime()).isEqualTo(Instant.parse("2022-03-04T05:06:07.444555666Z"));
    }

    @Test
    void directoryWithStickyBitMatchesStatCommand() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Files.createDirectory(d.resolve("sub"));
        Posix.chmod(d, 01777);
        assertMatchesStat(d);
        assertThat(Posix.statx(d).nlink()).isEqualTo(3);
    }

    @Test
    void symlinkItselfMatchesStatCommand() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("some/where/else"));
        assertMatchesStat(link);
        assertThat(Posix.statx(link).type()).isEqualTo(FileType.SYMLINK);
    }

    @Test
    void hardLinkedSetuidFileMatchesStatCommand() throws Exception {
        Path f = Files.writeString(dir.resolve("a"), "x".repeat(10_000));
        Files.createLink(dir.resolve("b"), f);
        Posix.chmod(f, 04711);
        assertMatchesStat(f);
        assertThat(Posix.statx(f).nlink()).isEqualTo(2);
    }

    @Test
    void chownedCharDeviceMatchesStatCommand() throws Exception {
        Root.assumeRoot();
        Path node = dir.resolve("tty");
        Posix.mknod(node, FileType.CHAR_DEVICE, 0620, 136, 7);
        Posix.lchown(node, 1234, 5678);
        assertMatchesStat(node);
    }

    @Test
    void fifoMatchesStatCommand() throws Exception {
        Path fifo = dir.resolve("fifo");
        Posix.mknod(fifo, FileType.FIFO, 0640, 0, 0);
        assertMatchesStat(fifo);
    }

    private static void assertMatchesStat(Path p) throws Exception {
        String[] s = Root.run("stat", "-c", FORMAT, p.toString()).trim().split(" ");
        Statx st = Posix.statx(p);
        assertThat(st.ino()).as("ino").isEqualTo(Long.parseUnsignedLong(s[0]));
        assertThat(st.nlink()).as("nlink").isEqualTo(Long.parseLong(s[1]));
        assertThat(Integer.toUnsignedString(st.uid())).as("uid").isEqualTo(s[2]);
        assertThat(Integer.toUnsignedString(st.gid())).as("gid").isEqualTo(s[3]);
        assertThat(Integer.toHexString(st.mode())).as("raw mode").isEqualTo(s[4]);
        assertThat(st.size()).as("size").isEqualTo(Long.parseLong(s[5]));
        assertThat(st.mtime()).as("mtime").isEqualTo(instant(s[6]));
        assertThat(st.ctime()).as("ctime").isEqualTo(instant(s[7]));
        assertThat(st.atime()).as("atime").isEqualTo(instant(s[8]));
        assertThat(st.rdevMajor()).as("rdev major").isEqualTo(Integer.parseInt(s[9], 16));
        assertThat(st.rdevMinor()).as("rdev minor").isEqualTo(Integer.parseInt(s[10], 16));
        assertThat(st.devMajor()).as("dev major").isEqualTo(Integer.parseInt(s[11]));
        assertThat(st.devMinor()).as("dev minor").isEqualTo(Integer.parseInt(s[12]));
        assertThat(st.blocks()).as("blocks").isEqualTo(Long.parseLong(s[13]));
        // stat prints 0 when the filesystem reports no birth time
        assertThat(st.btime()).as("btime").isEqualTo(s[14].equals("0.000000000") ? null : instant(s[14]));
    }

    /** Parses {@code stat}'s {@code %.9Y}: seconds, a dot, nine digits of nanoseconds (times after 1970). */
    private static Instant instant(String secondsDotNanos) {
        String[] parts = secondsDotNanos.split("\\.");
        return Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
}
