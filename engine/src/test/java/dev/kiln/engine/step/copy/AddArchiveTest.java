package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.layer.compress.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ADD of local archives: unpacked by content whatever the name, with the archive's metadata and no whiteouts. */
class AddArchiveTest {

    static final Instant T1 = Instant.parse("2019-07-08T09:10:11Z");

    @TempDir
    Path base;
    Path ctx;
    Path root;
    CopyOperation op;

    @BeforeEach
    void setUp() throws IOException {
        ctx = Files.createDirectory(base.resolve("ctx"));
        root = Files.createDirectory(base.resolve("rootfs"));
        op = new CopyOperation(CopyOptions.defaults().withScratch(base.resolve("scratch")));
    }

    /** d/ 0750 7:8, d/f 0640 7:8 "F", d/l -> f, d/h hardlink of d/f, .wh.gone 0644 (an ordinary file in an archive). */
    static byte[] tar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry d = new TarArchiveEntry("d/");
            d.setMode(040750);
            owner(d);
            t.putArchiveEntry(d);
            t.closeArchiveEntry();
            byte[] data = "F".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry f = new TarArchiveEntry("d/f");
            f.setMode(0100640);
            f.setSize(data.length);
            owner(f);
            t.putArchiveEntry(f);
            t.write(data);
            t.closeArchiveEntry();
            TarArchiveEntry l = new TarArchiveEntry("d/l", TarArchiveEntry.LF_SYMLINK);
            l.setLinkName("f");
            owner(l);
            t.putArchiveEntry(l);
            t.closeArchiveEntry();
            TarArchiveEntry h = new TarArchiveEntry("d/h", TarArchiveEntry.LF_LINK);
            h.setLinkName("d/f");
            owner(h);
            t.putArchiveEntry(h);
            t.closeArchiveEntry();
            TarArchiveEntry w = new TarArchiveEntry(".wh.gone");
            w.setMode(0100644);
            w.setSize(0);
            owner(w);
            t.putArchiveEntry(w);
            t.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    private static void owner(TarArchiveEntry e) {
        e.setIds(7, 8);
        e.setModTime(Date.from(T1));
    }

    static byte[] compress(String format, byte[] tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (format) {
            case "gz" -> new GzipCompressorOutputStream(out);
            case "bz2" -> new BZip2CompressorOutputStream(out);
            case "xz" -> new XZCompressorOutputStream(out);
            case "zst" -> Compression.ZSTD.compress(out, 3);
            default -> out;
        }) {
            c.write(tar);
        }
        return out.toByteArray();
    }

    private CopyResult add(CopyRequest.Builder b) throws IOException {
        return op.apply(b.line(2).build(), CopySource.context(LocalContext.of(ctx, DockerIgnore.none())), root);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tar", "gz", "bz2", "xz", "zst"})
    void aLocalArchiveIsUnpackedIntoTheDestination(String format) throws IOException {
        Files.write(ctx.resolve("archive." + format), compress(format, tar()));
        CopyResult r = add(CopyRequest.builder(CopyRequest.Kind.ADD).source("archive." + format).destination("/t"));
        Map<String, String> expected = new TreeMap<>(Map.of(
                "/t", "dir 0755 0:0",
                "/t/d", "dir 0750 7:8",
                "/t/d/f", "file 0640 7:8 \"F\"",
                "/t/d/h", "file 0640 7:8 \"F\"",
                "/t/d/l", "link 7:8 -> f",
                "/t/.wh.gone", "file 0644 7:8 \"\""));
        assertThat(Fs.describe(root)).isEqualTo(expected);
        assertThat(Posix.statx(root.resolve("t/d/h")).ino()).isEqualTo(Posix.statx(root.resolve("t/d/f")).ino());
        assertThat(Fs.mtime(root.resolve("t/d/f"))).isEqualTo(T1);
        assertThat(Fs.mtime(root.resolve("t/d"))).as("directory times are set after its entries").isEqualTo(T1);
        assertThat(r.written()).contains("/t", "/t/d", "/t/d/f", "/t/d/l", "/t/d/h", "/t/.wh.gone");
    }

    @Test
    void chownAppliesToEveryEntryButChmodToNone() throws IOException {
        Files.write(ctx.resolve("a.tgz"), compress("gz", tar()));
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source("a.tgz").chown("3:4").chmod("777").destination("/c/"));
        assertThat(Fs.entry(root.resolve("c/d/f"))).isEqualTo("file 0640 3:4 \"F\"");
        assertThat(Fs.entry(root.resolve("c/d"))).isEqualTo("dir 0750 3:4");
        assertThat(Fs.entry(root.resolve("c"))).isEqualTo("dir 0755 3:4");
    }

    @Test
    void unpackingMergesWithWhatIsThere() throws IOException {
        Files.write(ctx.resolve("a.tar"), tar());
        Fs.file(root, "m/d/old", "O", 0644);
        Fs.file(root, "m/d/f", "replaced", 0644);
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source("a.tar").destination("/m"));
        assertThat(Fs.entry(root.resolve("m/d/old"))).isEqualTo("file 0644 0:0 \"O\"");
        assertThat(Fs.entry(root.resolve("m/d/f"))).isEqualTo("file 0640 7:8 \"F\"");
    }

    @Test
    void aFileNamedLikeAnArchiveIsCopiedAsItIs() throws IOException {
        Fs.file(ctx, "fake.tar.gz", "not an archive", 0644);
        Fs.file(ctx, "empty.tar", "", 0644);
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source("fake.tar.gz").source("empty.tar").destination("/f/"));
        assertThat(Fs.entry(root.resolve("f/fake.tar.gz"))).isEqualTo("file 0644 0:0 \"not an archive\"");
        assertThat(Fs.entry(root.resolve("f/empty.tar"))).isEqualTo("file 0644 0:0 \"\"");
    }

    @Test
    void copyAndUnpackFalseCopyArchivesAsFiles() throws IOException {
        byte[] gz = compress("gz", tar());
        Files.write(ctx.resolve("a.tar.gz"), gz);
        op.apply(CopyRequest.builder(CopyRequest.Kind.COPY).source("a.tar.gz").destination("/c").build(),
                CopySource.context(LocalContext.of(ctx, DockerIgnore.none())), root);
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source("a.tar.gz").unpack(false).destination("/a"));
        assertThat(Files.readAllBytes(root.resolve("c"))).isEqualTo(gz);
        assertThat(Files.readAllBytes(root.resolve("a"))).isEqualTo(gz);
    }

    @Test
    void entriesClimbingOutOfTheDestinationAreRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry("ok/../../../escape");
            e.setSize(1);
            t.putArchiveEntry(e);
            t.write('x');
            t.closeArchiveEntry();
        }
        Files.write(ctx.resolve("evil.tar"), out.toByteArray());
        assertThatThrownBy(() -> add(CopyRequest.builder(CopyRequest.Kind.ADD).source("evil.tar").destination("/e/")))
                .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.ARCHIVE))
                .hasMessageContaining("ADD (line 2) source \"/evil.tar\": unpack into /e at entry \"ok/../../../escape\"")
                .hasMessageContaining("leaves the destination");
        assertThat(base.resolve("escape")).doesNotExist();
    }

    @Test
    void symlinksInTheArchiveResolveInsideTheDestination() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            TarArchiveEntry l = new TarArchiveEntry("cfg", TarArchiveEntry.LF_SYMLINK);
            l.setLinkName("/etc");
            t.putArchiveEntry(l);
            t.closeArchiveEntry();
            TarArchiveEntry f = new TarArchiveEntry("cfg/passwd");
            f.setSize(1);
            t.putArchiveEntry(f);
            t.write('x');
            t.closeArchiveEntry();
        }
        Files.write(ctx.resolve("links.tar"), out.toByteArray());
        Fs.file(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644);
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source("links.tar").destination("/opt/"));
        assertThat(Files.readString(root.resolve("etc/passwd"))).startsWith("root:");
        assertThat(Files.readString(root.resolve("opt/etc/passwd"))).isEqualTo("x");
        assertThat(Fs.entry(root.resolve("opt/etc"))).as("an implied directory").isEqualTo("dir 0755 0:0");
        assertThat(Fs.entry(root.resolve("opt/cfg"))).isEqualTo("link 0:0 -> /etc");
    }
}
