package dev.kiln.engine.layer.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.testkit.process.Command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {

    @TempDir
    Path dir;

    static final String LONG = "a/" + "b".repeat(200) + "/c";

    @Test
    void readsGnuLongNamesAndBase256NumbersFromCommonsCompress() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            TarArchiveEntry e = new TarArchiveEntry(LONG);
            e.setSize(3);
            e.setUserId(3_000_000);
            e.setModTime(Instant.ofEpochSecond(1_600_000_000L).toEpochMilli());
            out.putArchiveEntry(e);
            out.write(new byte[] {1, 2, 3});
            out.closeArchiveEntry();
            TarArchiveEntry l = new TarArchiveEntry("l", TarConstants.LF_SYMLINK);
            l.setLinkName("/" + "t".repeat(150));
            out.putArchiveEntry(l);
            out.closeArchiveEntry();
        }
        List<TarEntry> entries = readAll(bytes.toByteArray());
        assertThat(entries.get(0).name()).isEqualTo(LONG);
        assertThat(entries.get(0).uid()).isEqualTo(3_000_000);
        assertThat(entries.get(0).mtime()).isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(entries.get(1).type()).isEqualTo(TarType.SYMLINK);
        assertThat(entries.get(1).linkName()).isEqualTo("/" + "t".repeat(150));
    }

    @Test
    void readsPaxNamesAndXattrsFromCommonsCompress() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setAddPaxHeadersForNonAsciiNames(true);
            TarArchiveEntry e = new TarArchiveEntry("dïr/" + LONG);
            e.addPaxHeader("SCHILY.xattr.user.a", "b");
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
        }
        TarEntry e = readAll(bytes.toByteArray()).getFirst();
        assertThat(e.name()).isEqualTo("dïr/" + LONG);
        assertThat(e.xattrs()).containsOnlyKeys("user.a");
    }

    @Test
    void readsWhatGnuTarWritesInEachFormat() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve(LONG).getParent());
        Files.writeString(src.resolve(LONG), "x");
        Files.createSymbolicLink(src.resolve("sym"), Path.of("a/" + "q".repeat(120)));
        Files.writeString(src.resolve("short"), "y");
        Instant nanos = Instant.ofEpochSecond(1_600_000_000L, 123_456_789);
        Files.setLastModifiedTime(src.resolve("short"), java.nio.file.attribute.FileTime.from(nanos));
        for (String format : List.of("gnu", "posix")) {
            Path tar = dir.resolve(format + ".tar");
            Command.of("tar", "--format=" + format, "-C", src.toString(), "-cf", tar.toString(), ".").check();
            List<TarEntry> entries = readAll(Files.readAllBytes(tar));
            assertThat(entries).extracting(TarEntry::name).contains("./" + LONG, "./sym", "./short");
            assertThat(entries).filteredOn(e -> e.name().equals("./sym")).singleElement()
                    .extracting(TarEntry::linkName).isEqualTo("a/" + "q".repeat(120));
            Instant mtime = entries.stream().filter(e -> e.name().equals("./short")).findFirst().orElseThrow().mtime();
            assertThat(mtime).isEqualTo(format.equals("posix") ? nanos : Instant.ofEpochSecond(1_600_000_000L));
        }
        for (String format : List.of("ustar", "v7", "oldgnu")) { // no long names there
            Path tar = dir.resolve(format + ".tar");
            Command.of("tar", "--format=" + format, "-C", src.toString(), "-cf", tar.toString(), "short").check();
            assertThat(readAll(Files.readAllBytes(tar))).singleElement().satisfies(e -> {
                assertThat(e.name()).isEqualTo("short");
                assertThat(e.size()).isEqualTo(1);
            });
        }
    }

    @Test
    void skipsUnreadContentAndStopsAtTheEndMarker() throws IOException {
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of("a", TarType.REGULAR).withSize(5),
                TarEntry.of("b", TarType.REGULAR).withSize(5)));
        TarReader r = new TarReader(new ByteArrayInputStream(tar), TarLimits.DEFAULT);
        assertThat(r.next().name()).isEqualTo("a");
        assertThat(r.next().name()).isEqualTo("b");
        assertThat(r.next()).isNull();
        assertThat(r.next()).isNull();
    }

    @Test
    void acceptsAStreamEndingOnAHeaderBoundaryWithoutTrailer() throws IOException {
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of("a", TarType.REGULAR).withSize(5)));
        assertThat(readAll(Arrays.copyOf(tar, 1024))).extracting(TarEntry::name).containsExactly("a");
        assertThat(readAll(Arrays.copyOf(tar, 1024 + 512))).extracting(TarEntry::name).containsExactly("a");
        assertThat(readAll(new byte[0])).isEmpty();
    }

    @Test
    void truncatedContentNamesTheEntry() throws IOException {
        byte[] tar = Arrays.copyOf(TarWriterTest.write(List.of(TarEntry.of("etc/big", TarType.REGULAR).withSize(5))), 514);
        TarReader r = new TarReader(new ByteArrayInputStream(tar), TarLimits.DEFAULT);
        r.next();
        assertThatThrownBy(() -> r.content().readAllBytes())
                .isInstanceOfSatisfying(TarException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TarException.Kind.TRUNCATED);
                    assertThat(e.entry()).isEqualTo("etc/big");
                })
                .hasMessage("archive ends 3 bytes before the end of this entry's content");
    }

    @Test
    void truncatedContentIsFoundWhenSkipped() throws IOException {
        byte[] tar = Arrays.copyOf(TarWriterTest.write(List.of(TarEntry.of("etc/big", TarType.REGULAR).withSize(5))), 514);
        TarReader r = new TarReader(new ByteArrayInputStream(tar), TarLimits.DEFAULT);
        r.next();
        assertThatThrownBy(r::next).isInstanceOfSatisfying(TarException.class,
                e -> assertThat(e.entry()).isEqualTo("etc/big")).hasMessageContaining("archive ends");
    }

    @Test
    void truncatedHeaderNamesThePreviousEntry() throws IOException {
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of("first", TarType.DIRECTORY),
                TarEntry.of("second", TarType.DIRECTORY)));
        TarReader r = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 512 + 100)), TarLimits.DEFAULT);
        r.next();
        assertThatThrownBy(r::next).isInstanceOfSatisfying(TarException.class, e -> {
            assertThat(e.kind()).isEqualTo(TarException.Kind.TRUNCATED);
            assertThat(e.entry()).isEqualTo("first");
        }).hasMessage("archive ends inside a header (100 of 512 bytes) after this entry");
    }

    @Test
    void badChecksumSaysItIsNotATarArchive() {
        byte[] junk = new byte[1024];
        Arrays.fill(junk, (byte) 'x');
        assertThatThrownBy(() -> readAll(junk)).isInstanceOf(TarException.class)
                .hasMessageContaining("not a tar archive");
    }

    @Test
    void refusesPaxHeadersOverTheLimit() throws IOException {
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of("f", TarType.REGULAR)
                .withXattrs(java.util.Map.of("user.big", new byte[4000]))));
        TarLimits small = new TarLimits(2048, 4096);
        assertThatThrownBy(() -> readAll(tar, small)).isInstanceOfSatisfying(TarException.class, e -> {
            assertThat(e.kind()).isEqualTo(TarException.Kind.TOO_LARGE);
            assertThat(e.entry()).isEqualTo("PaxHeaders.0/f");
        }).hasMessage("extension headers of 4028 bytes exceed the limit of 2048 bytes");
    }

    @Test
    void refusesAHugeDeclaredPaxSizeWithoutReadingIt() throws IOException {
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of("f", TarType.REGULAR)));
        byte[] pax = paxHeader(Long.MAX_VALUE / 2);
        byte[] all = concat(pax, tar);
        assertThatThrownBy(() -> readAll(all)).isInstanceOfSatisfying(TarException.class,
                e -> assertThat(e.kind()).isEqualTo(TarException.Kind.TOO_LARGE));
    }

    @Test
    void refusesNamesOverTheLimit() throws IOException {
        String name = "n/".repeat(2100);
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of(name, TarType.REGULAR)));
        assertThatThrownBy(() -> readAll(tar)).isInstanceOfSatisfying(TarException.class,
                e -> assertThat(e.kind()).isEqualTo(TarException.Kind.TOO_LARGE))
                .hasMessage("name is 4200 bytes long, more than the limit of 4096");
    }

    @Test
    void refusesSparseFilesAndUnknownTypes() throws IOException {
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of("sparse", TarType.REGULAR)));
        tar[156] = 'S';
        Blocks.writeChecksum(tar);
        assertThatThrownBy(() -> readAll(tar)).hasMessage("GNU sparse files are not supported");
        tar[156] = 'Z';
        Blocks.writeChecksum(tar);
        assertThatThrownBy(() -> readAll(tar)).hasMessage("unsupported entry type 'Z'");
    }

    @Test
    void refusesNamesThatAreNotUtf8() throws IOException {
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of("caf", TarType.REGULAR)));
        tar[3] = (byte) 0xe9; // Latin-1 é
        Blocks.writeChecksum(tar);
        assertThatThrownBy(() -> readAll(tar)).isInstanceOfSatisfying(TarException.class,
                e -> assertThat(e.kind()).isEqualTo(TarException.Kind.UNSUPPORTED)).hasMessage("name is not valid UTF-8");
    }

    @Test
    void refusesDataAfterTheFirstZeroBlock() throws IOException {
        byte[] one = TarWriterTest.write(List.of(TarEntry.of("a", TarType.DIRECTORY)));
        byte[] tar = concat(Arrays.copyOf(one, 1024), Arrays.copyOf(one, 512));
        assertThatThrownBy(() -> readAll(tar)).hasMessage("data after a zero block: expected the end of the archive");
    }

    @Test
    void refusesMalformedPaxRecords() throws IOException {
        byte[] records = "99 path=x\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tar = concat(paxHeader(records.length), pad(records),
                TarWriterTest.write(List.of(TarEntry.of("f", TarType.REGULAR))));
        assertThatThrownBy(() -> readAll(tar)).isInstanceOfSatisfying(TarException.class,
                        e -> assertThat(e.kind()).isEqualTo(TarException.Kind.MALFORMED))
                .hasMessage("PAX header has a malformed record length at byte 0");
    }

    @Test
    void treatsHeaderOnlyTypesAsHavingNoContentLikeGo() throws IOException {
        byte[] tar = TarWriterTest.write(List.of(TarEntry.of("d/", TarType.DIRECTORY), TarEntry.of("f", TarType.REGULAR)));
        Blocks.octal(tar, Blocks.SIZE_FIELD, 12, 512); // a directory claiming content: Go ignores the size
        Blocks.writeChecksum(tar);
        assertThat(readAll(tar)).extracting(TarEntry::name).containsExactly("d/", "f");
    }

    static byte[] paxHeader(long size) {
        byte[] h = new byte[512];
        byte[] name = "PaxHeaders.0/f".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, h, 0, name.length);
        Blocks.octal(h, Blocks.MODE, 8, 0644);
        if (size > Blocks.MAX_OCTAL_12) {
            h[Blocks.SIZE_FIELD] = (byte) 0x80; // base-256
            for (int i = 0; i < 8; i++) {
                h[Blocks.SIZE_FIELD + 11 - i] = (byte) (size >>> (8 * i));
            }
        } else {
            Blocks.octal(h, Blocks.SIZE_FIELD, 12, size);
        }
        h[Blocks.TYPEFLAG] = 'x';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, Blocks.MAGIC, 8);
        Blocks.writeChecksum(h);
        return h;
    }

    static byte[] pad(byte[] data) {
        return Arrays.copyOf(data, (data.length + 511) / 512 * 512);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static List<TarEntry> readAll(byte[] tar) throws IOException {
        return readAll(tar, TarLimits.DEFAULT);
    }

    static List<TarEntry> readAll(byte[] tar, TarLimits limits) throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(tar), limits);
        List<TarEntry> out = new ArrayList<>();
        for (TarEntry e; (e = r.next()) != null; ) {
            out.add(e);
        }
        return out;
    }
}
