package dev.kiln.executor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlatTreeTest {

    @TempDir
    Path dir;

    /** A layer tar built entry by entry. */
    private static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

        Tar dir(String name, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(name + "/");
            e.setMode(mode);
            return put(e, new byte[0]);
        }

        Tar file(String name, int mode, String content) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(mode);
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            e.setSize(b.length);
            return put(e, b);
        }

        Tar hardlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
            e.setLinkName(target);
            return put(e, new byte[0]);
        }

        private Tar put(TarArchiveEntry e, byte[] content) {
            try {
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
                return this;
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }

        byte[] bytes() throws IOException {
            out.close();
            return bytes.toByteArray();
        }
    }

    private static FlatTree apply(FlatTree t, Tar layer) throws IOException {
        t.apply(new ByteArrayInputStream(layer.bytes()), "test");
        return t;
    }

    @Test
    void whiteoutRemovesALowerPathWithItsSubtree() throws IOException {
        FlatTree t = apply(new FlatTree(), new Tar().dir("a", 0755).file("a/f", 0644, "x").file("keep", 0644, "k"));
        apply(t, new Tar().file(".wh.a", 0644, ""));
        assertThat(t.entries()).containsOnlyKeys("/keep");
    }

    @Test
    void opaqueDirectoryHidesOnlyTheLowerLayersChildren() throws IOException {
        FlatTree t = apply(new FlatTree(), new Tar().dir("d", 0755).file("d/old", 0644, "o"));
        apply(t, new Tar().dir("d", 0700).file("d/new", 0644, "n").file("d/.wh..wh..opq", 0644, ""));
        assertThat(t.entries()).containsOnlyKeys("/d", "/d/new");
        assertThat(t.entries().get("/d").mode()).isEqualTo(0700);
    }

    @Test
    void aFileReplacesADirectoryAndEverythingBelowIt() throws IOException {
        FlatTree t = apply(new FlatTree(), new Tar().dir("var", 0755).dir("var/lib", 0755).file("var/lib/x", 0644, "x"));
        apply(t, new Tar().file("var", 0600, "now a file"));
        assertThat(t.entries()).containsOnlyKeys("/var");
        assertThat(t.entries().get("/var").render()).startsWith("file 0600 0:0 10 ");
    }

    @Test
    void aDirectoryOverADirectoryKeepsTheChildrenAndTakesTheNewMetadata() throws IOException {
        FlatTree t = apply(new FlatTree(), new Tar().dir("d", 0755).file("d/f", 0644, "f"));
        apply(t, new Tar().dir("d", 01777));
        assertThat(t.entries()).containsOnlyKeys("/d", "/d/f");
        assertThat(t.entries().get("/d").render()).isEqualTo("dir 1777 0:0");
    }

    @Test
    void hardLinksShareOneGroupUntilOnePathIsReplaced() throws IOException {
        FlatTree t = apply(new FlatTree(), new Tar().file("one", 04755, "data").hardlink("two", "one"));
        assertThat(t.entries().get("/two")).isEqualTo(t.entries().get("/one"));
        assertThat(t.entries().get("/two").render()).endsWith(" links=/one").startsWith("file 4755 ");
        apply(t, new Tar().file("two", 0644, "data"));
        assertThat(t.entries().get("/one").linkGroup()).isEmpty();
        assertThat(t.entries().get("/two").linkGroup()).isEmpty();
    }

    @Test
    void missingParentsAppearAsRootsDirectories() throws IOException {
        FlatTree t = apply(new FlatTree(), new Tar().file("a/b/c", 0644, "c"));
        assertThat(t.entries().get("/a").render()).isEqualTo("dir 0755 0:0");
        assertThat(t.entries().get("/a/b").render()).isEqualTo("dir 0755 0:0");
    }

    @Test
    void anEntryNameLeavingTheRootIsRejectedWithItsLayerAndName() {
        assertThatThrownBy(() -> apply(new FlatTree(), new Tar().file("../escape", 0644, "x")))
                .isInstanceOf(IOException.class)
                .hasMessage("layer test: entry name ../escape is not a clean relative path");
    }

    @Test
    void aHardLinkToAMissingFileIsRejected() {
        assertThatThrownBy(() -> apply(new FlatTree(), new Tar().hardlink("two", "one")))
                .hasMessage("layer test: hard link /two to missing or directory /one");
    }

    @Test
    void gzipZstdAndPlainLayerBlobsAreRecognisedByTheirFirstBytes() throws IOException {
        byte[] tar = new Tar().file("f", 0644, "same").bytes();
        Path plain = Files.write(dir.resolve("plain"), tar);
        Path gz = dir.resolve("gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(tar);
        }
        Path zst = dir.resolve("zst");
        try (OutputStream o = new ZstdOutputStream(Files.newOutputStream(zst))) {
            o.write(tar);
        }
        for (Path p : List.of(plain, gz, zst)) {
            assertThat(FlatTree.of(List.of(p)).entries()).as(p.getFileName().toString())
                    .isEqualTo(FlatTree.of(List.of(plain)).entries()).containsOnlyKeys("/f");
        }
    }
}
