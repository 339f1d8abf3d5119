package dev.kiln.engine.layer.tar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.process.Command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarWriterTest {

    @TempDir
    Path dir;

    static final String LONG = "very/long/" + "d".repeat(120) + "/name with spaces and ünïcödé ✓.txt";
    static final Instant NANOS = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    static List<TarEntry> sample() {
        Map<String, byte[]> caps = new TreeMap<>();
        caps.put("security.capability", new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        caps.put("user.note", "hi=there\nline2".getBytes(StandardCharsets.UTF_8));
        return List.of(
                TarEntry.of("dir/", TarType.DIRECTORY).withMode(01777).withMtime(NANOS),
                TarEntry.of("dir/file", TarType.REGULAR).withSize(5).withMode(04755).withOwner(1000, 1001)
                        .withXattrs(caps),
                TarEntry.of(LONG, TarType.REGULAR).withSize(0),
                TarEntry.of("dir/link", TarType.SYMLINK).withLinkName("../" + "t".repeat(150)),
                TarEntry.of("dir/hard", TarType.HARDLINK).withLinkName("dir/file"),
                TarEntry.of("dev/null", TarType.CHAR_DEVICE).withDevice(1, 3).withMode(0666),
                TarEntry.of("fifo", TarType.FIFO).withOwner(3_000_000, (int) 4_000_000_000L),
                TarEntry.of("old", TarType.REGULAR).withMtime(Instant.ofEpochSecond(-1, 500_000_000)));
    }

    static byte[] write(List<TarEntry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(bytes);
        for (TarEntry e : entries) {
            w.write(e, new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)));
        }
        w.finish();
        assertThat(w.written()).isEqualTo(bytes.size());
        return bytes.toByteArray();
    }

    @Test
    void roundTripsEveryFieldThroughOurReader() throws IOException {
        byte[] tar = write(sample());
        TarReader r = new TarReader(new ByteArrayInputStream(tar), TarLimits.DEFAULT);
        List<TarEntry> read = new ArrayList<>();
        for (TarEntry e; (e = r.next()) != null; ) {
            read.add(e);
            if (e.name().equals("dir/file")) {
                assertThat(r.content().readAllBytes()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertThat(read).usingRecursiveFieldByFieldElementComparatorIgnoringFields("xattrs").isEqualTo(sample());
        assertThat(read.get(1).xattrs()).containsOnlyKeys("security.capability", "user.note");
        assertThat(read.get(1).xattrs().get("user.note")).isEqualTo("hi=there\nline2".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void isReadTheSameByCommonsCompress() throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(write(sample())))) {
            TarArchiveEntry d = in.getNextEntry();
            assertThat(d.getName()).isEqualTo("dir/");
            assertThat(d.isDirectory()).isTrue();
            assertThat(d.getMode() & 07777).isEqualTo(01777);
            assertThat(d.getLastModifiedTime()).isEqualTo(FileTime.from(NANOS));
            TarArchiveEntry f = in.getNextEntry();
            assertThat(f.getLongUserId()).isEqualTo(1000);
            assertThat(f.getMode() & 07777).isEqualTo(04755);
            assertThat(f.getUserName()).isEmpty();
            assertThat(f.getExtraPaxHeader("SCHILY.xattr.user.note")).isEqualTo("hi=there\nline2");
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(in.getNextEntry().getName()).isEqualTo(LONG);
            TarArchiveEntry l = in.getNextEntry();
            assertThat(l.isSymbolicLink()).isTrue();
            assertThat(l.getLinkName()).isEqualTo("../" + "t".repeat(150));
            TarArchiveEntry h = in.getNextEntry();
            assertThat(h.isLink()).isTrue();
            assertThat(h.getLinkName()).isEqualTo("dir/file");
            TarArchiveEntry c = in.getNextEntry();
            assertThat(c.isCharacterDevice()).isTrue();
            assertThat(c.getDevMajor()).isEqualTo(1);
            assertThat(c.getDevMinor()).isEqualTo(3);
            TarArchiveEntry p = in.getNextEntry();
            assertThat(p.isFIFO()).isTrue();
            assertThat(p.getLongUserId()).isEqualTo(3_000_000);
            assertThat(p.getLongGroupId()).isEqualTo(4_000_000_000L);
            assertThat(in.getNextEntry().getLastModifiedTime()).isEqualTo(FileTime.from(Instant.ofEpochSecond(-1, 500_000_000)));
            assertThat(in.getNextEntry()).isNull();
        }
    }

    @Test
    void isListedByGnuTarWithNamesSizesAndXattrs() throws Exception {
        Path tar = dir.resolve("t.tar");
        Files.write(tar, write(sample()));
        String list = Command.of("tar", "--numeric-owner", "-tvf", tar.toString()).check().stdout();
        assertThat(list).contains("drwxrwxrwt 0/0", "dir/file", LONG, "dir/link -> ../ttt", "dir/hard link to dir/file",
                "crw-rw-rw- 0/0", "1,3", "fifo", "3000000/4000000000");
        assertThat(Command.of("tar", "--xattrs", "--xattrs-include=*", "-tvvf", tar.toString()).check().stdout())
                .contains("x: 14 user.note");
    }

    @Test
    void writesPlainUstarWithoutPaxWhenEverythingFits() throws IOException {
        byte[] tar = write(List.of(TarEntry.of("etc/hostname", TarType.REGULAR).withSize(5)));
        assertThat(tar).hasSize(512 + 512 + 1024);
        assertThat(new String(tar, 257, 8, StandardCharsets.US_ASCII)).isEqualTo("ustar\u000000");
        assertThat(tar[156]).isEqualTo((byte) '0');
        assertThat(new String(tar, 265, 32, StandardCharsets.US_ASCII)).isEqualTo("\0".repeat(32)); // empty uname
    }

    @Test
    void writesTheSameBytesEveryTime() throws IOException {
        assertThat(write(sample())).isEqualTo(write(sample()));
    }

    @Test
    void formatsPaxTimesAsGoDoes() {
        assertThat(TarWriter.paxTime(Instant.ofEpochSecond(5, 500_000_000))).isEqualTo("5.5");
        assertThat(TarWriter.paxTime(Instant.ofEpochSecond(5, 1))).isEqualTo("5.000000001");
        assertThat(TarWriter.paxTime(Instant.ofEpochSecond(-1, 500_000_000))).isEqualTo("-0.5");
        assertThat(TarWriter.paxTime(Instant.ofEpochSecond(7))).isEqualTo("7");
        assertThat(Header.time("-0.5".getBytes(StandardCharsets.US_ASCII), "mtime"))
                .isEqualTo(Instant.ofEpochSecond(-1, 500_000_000));
    }

    @Test
    void failsWhenContentIsShorterThanTheSize() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(bytes);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        w.write(TarEntry.of("f", TarType.REGULAR).withSize(10), new ByteArrayInputStream(new byte[3])))
                .hasMessageContaining("tar entry f: content ended 7 bytes short of 10");
    }
}
