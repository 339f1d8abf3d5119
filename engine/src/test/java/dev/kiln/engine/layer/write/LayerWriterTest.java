package dev.kiln.engine.layer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.layer.Fixtures;
import dev.kiln.engine.layer.LayerChange;
import dev.kiln.engine.layer.LayerWriteException;
import dev.kiln.testkit.process.Command;
import dev.kiln.engine.layer.Trees;
import dev.kiln.engine.layer.WrittenLayer;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarLimits;
import dev.kiln.engine.layer.tar.TarReader;
import dev.kiln.engine.layer.tar.TarType;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {

    @TempDir
    Path base;
    Path src;
    Path blobs;

    @BeforeEach
    void setUp() throws IOException {
        src = Files.createDirectory(base.resolve("src"));
        blobs = base.resolve("blobs/sha256");
    }

    WrittenLayer write(LayerWriteOptions options, List<LayerChange> changes) throws IOException {
        return new LayerWriter(options).write(src, changes, blobs);
    }

    @Test
    void roundTripsEveryKindOfEntryThroughTheExtractor() throws IOException {
        Fixtures.everyKind(src);
        WrittenLayer layer = write(LayerWriteOptions.DEFAULT, LayerWriter.wholeTree(src));
        Path out = Files.createDirectory(base.resolve("out"));
        try (InputStream in = Files.newInputStream(layer.blob())) {
            new LayerExtractor().extract(layer.digest(), in, out);
        }
        assertThat(Trees.snapshot(out)).isEqualTo(Trees.snapshot(src));
        assertThat(Posix.statx(out.resolve("usr/bin/tool-alias")).ino()).isEqualTo(Posix.statx(out.resolve("usr/bin/tool")).ino());
        assertThat(Posix.statx(out.resolve("usr/bin/tool")).nlink()).isEqualTo(3);
        assertThat(Posix.statx(out.resolve("etc/passwd")).mtime()).isEqualTo(Fixtures.NANOS);
    }

    @Test
    void writesSortedEntriesWithParentsNumericOwnersAndEmptyNames() throws IOException {
        Files.createDirectories(src.resolve("z/deep"));
        Files.createDirectories(src.resolve("a"));
        Files.writeString(src.resolve("z/deep/file"), "z");
        Files.writeString(src.resolve("a-b"), "ab");
        Files.writeString(src.resolve("a/b"), "b");
        WrittenLayer layer = write(LayerWriteOptions.DEFAULT, List.of(new LayerChange.Put("/z/deep/file"),
                new LayerChange.Put("a-b"), new LayerChange.Put("a/b"), new LayerChange.Put("a/b")));
        List<TarEntry> entries = entries(layer);
        assertThat(entries).extracting(TarEntry::name).containsExactly("a/", "a/b", "a-b", "z/", "z/deep/", "z/deep/file");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.uname()).isEmpty();
            assertThat(e.gname()).isEmpty();
        });
    }

    @Test
    void writesHardlinksOnceWithContentThenAsLinks() throws IOException {
        Files.writeString(src.resolve("b"), "shared");
        Files.createLink(src.resolve("a"), src.resolve("b"));
        Files.createLink(src.resolve("outside-the-layer"), src.resolve("b"));
        Files.createLink(src.resolve("c"), src.resolve("b"));
        List<TarEntry> entries = entries(write(LayerWriteOptions.DEFAULT,
                List.of(new LayerChange.Put("c"), new LayerChange.Put("b"), new LayerChange.Put("a"))));
        assertThat(entries).extracting(TarEntry::name, TarEntry::type, TarEntry::size, TarEntry::linkName).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", TarType.REGULAR, 6L, ""),
                org.assertj.core.groups.Tuple.tuple("b", TarType.HARDLINK, 0L, "a"),
                org.assertj.core.groups.Tuple.tuple("c", TarType.HARDLINK, 0L, "a"));
    }

    @Test
    void writesWhiteoutsAndOpaqueMarkersAndDropsRedundantDeletions() throws IOException {
        Files.createDirectories(src.resolve("etc"));
        Files.createDirectories(src.resolve("var/cache"));
        Files.writeString(src.resolve("etc/new"), "n");
        Files.writeString(src.resolve("var/cache/fresh"), "f");
        Files.writeString(src.resolve("recreated"), "r");
        WrittenLayer layer = write(LayerWriteOptions.DEFAULT, List.of(
                new LayerChange.Delete("etc/old"), new LayerChange.Delete("gone-dir"),
                new LayerChange.Delete("gone-dir/sub"), new LayerChange.Opaque("var/cache"),
                new LayerChange.Delete("var/cache/under-opaque"), new LayerChange.Put("var/cache/fresh"),
                new LayerChange.Put("etc/new"), new LayerChange.Delete("recreated"), new LayerChange.Put("recreated")));
        List<TarEntry> entries = entries(layer);
        assertThat(entries).extracting(TarEntry::name).containsExactly(".wh.gone-dir", "etc/", "etc/.wh.old", "etc/new",
                "recreated", "var/", "var/cache/", "var/cache/.wh..wh..opq", "var/cache/fresh");
        TarEntry wh = entries.get(2);
        assertThat(wh.type()).isEqualTo(TarType.REGULAR);
        assertThat(wh.size()).isZero();
        assertThat(wh.mode()).isZero();

        // applied over a lower tree, the layer produces the changed tree
        Path lower = Files.createDirectory(base.resolve("lower"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/old"), "o");
        Files.createDirectories(lower.resolve("gone-dir/sub"));
        Files.createDirectories(lower.resolve("var/cache"));
        Files.writeString(lower.resolve("var/cache/stale"), "s");
        try (InputStream in = Files.newInputStream(layer.blob())) {
            new LayerExtractor().extract("l", in, lower);
        }
        try (Stream<Path> s = Files.walk(lower)) {
            assertThat(s.map(p -> lower.relativize(p).toString())).containsExactlyInAnyOrder("", "etc", "etc/new",
                    "recreated", "var", "var/cache", "var/cache/fresh");
        }
    }

    @Test
    void digestsSizesAndNameDescribeTheBlob() throws Exception {
        Fixtures.everyKind(src);
        WrittenLayer layer = write(LayerWriteOptions.DEFAULT, LayerWriter.wholeTree(src));
        byte[] blob = Files.readAllBytes(layer.blob());
        assertThat(layer.digest()).isEqualTo(Digest.sha256(blob));
        assertThat(layer.size()).isEqualTo(blob.length);
        assertThat(layer.blob()).isEqualTo(blobs.resolve(layer.digest().encoded()));
        byte[] tar = Compression.GZIP.decompress(new java.io.ByteArrayInputStream(blob)).readAllBytes();
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(layer.uncompressedSize()).isEqualTo(tar.length);
        assertThat(layer.mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        try (Stream<Path> s = Files.list(blobs)) {
            assertThat(s).as("no temporary file left").containsExactly(layer.blob());
        }
        assertThat(Files.getPosixFilePermissions(layer.blob())).hasSize(4); // rw-r--r--
        Command.of("gzip", "-t", layer.blob().toString()).check();
        assertThat(Command.of("tar", "-tzf", layer.blob().toString()).check().stdout()).contains("usr/lib/big.so", "etc/passwd");
    }

    @Test
    void theDigestDoesNotDependOnTheThreadCount() throws IOException {
        Fixtures.everyKind(src);
        List<LayerChange> all = LayerWriter.wholeTree(src);
        Digest one = write(LayerWriteOptions.DEFAULT.withThreads(1), all).digest();
        assertThat(write(LayerWriteOptions.DEFAULT.withThreads(4), all).digest()).isEqualTo(one);
    }

    @Test
    void reproducibleTimestampsGiveTheSameDigestWhateverTheFileTimes() throws IOException {
        Files.createDirectories(src.resolve("d"));
        Files.writeString(src.resolve("d/f"), "same");
        List<LayerChange> all = LayerWriter.wholeTree(src);
        LayerWriteOptions fixed = LayerWriteOptions.DEFAULT.withTimestamps(Timestamps.reproducible(Map.of()));
        WrittenLayer first = write(fixed, all);
        Files.setLastModifiedTime(src.resolve("d/f"), FileTime.from(Instant.parse("2030-01-01T00:00:00.5Z")));
        Files.setLastModifiedTime(src.resolve("d"), FileTime.from(Instant.now()));
        assertThat(write(fixed, all).digest()).isEqualTo(first.digest());
        assertThat(entries(first)).extracting(TarEntry::mtime).containsOnly(Instant.EPOCH);
        assertThat(write(LayerWriteOptions.DEFAULT, all).digest()).isNotEqualTo(first.digest());
    }

    @Test
    void sourceDateEpochFixesTimesAndClampKeepsOlderOnes() {
        assertThat(Timestamps.reproducible(Map.of("SOURCE_DATE_EPOCH", "1700000000")))
                .isEqualTo(new Timestamps.Fixed(Instant.ofEpochSecond(1_700_000_000L)));
        assertThatThrownBy(() -> Timestamps.reproducible(Map.of("SOURCE_DATE_EPOCH", "yesterday")))
                .hasMessage("SOURCE_DATE_EPOCH 'yesterday': expected whole seconds since 1970");
        Timestamps clamp = new Timestamps.Clamp(Instant.ofEpochSecond(100));
        assertThat(clamp.apply(Instant.ofEpochSecond(50))).isEqualTo(Instant.ofEpochSecond(50));
        assertThat(clamp.apply(Instant.ofEpochSecond(150))).isEqualTo(Instant.ofEpochSecond(100));
    }

    @Test
    void zstdAndUncompressedLayersAndDockerMediaTypes() throws Exception {
        Fixtures.everyKind(src);
        List<LayerChange> all = LayerWriter.wholeTree(src);
        WrittenLayer zstd = write(LayerWriteOptions.DEFAULT.withCompression(Compression.ZSTD, 3), all);
        assertThat(zstd.mediaType()).isEqualTo(MediaType.OCI_LAYER_ZSTD);
        WrittenLayer none = write(LayerWriteOptions.DEFAULT.withCompression(Compression.NONE, -1), all);
        assertThat(none.digest()).isEqualTo(none.diffId());
        assertThat(none.size()).isEqualTo(none.uncompressedSize());
        assertThat(zstd.diffId()).as("the same tar whatever the compression").isEqualTo(none.diffId());
        assertThat(LayerWriteOptions.DEFAULT.withDockerMediaType(true).mediaType()).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
        if (Files.isExecutable(Path.of("/usr/bin/zstd"))) {
            Command.of("zstd", "-t", "-q", zstd.blob().toString()).check();
        }
        Path out = Files.createDirectory(base.resolve("out"));
        try (InputStream in = Files.newInputStream(zstd.blob())) {
            new LayerExtractor().extract(zstd.digest(), in, out);
        }
        assertThat(Trees.snapshot(out)).isEqualTo(Trees.snapshot(src));
    }

    @Test
    void aMissingPathNamesTheRootfsAndThePathAndLeavesNoFile() throws IOException {
        assertThatThrownBy(() -> write(LayerWriteOptions.DEFAULT, List.of(new LayerChange.Put("etc/nope"))))
                .isInstanceOfSatisfying(LayerWriteException.class, e -> assertThat(e.entry()).isEqualTo("etc"))
                .hasMessage("write layer from " + src + ": entry \"etc\": does not exist in the rootfs");
        try (Stream<Path> s = Files.list(blobs)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aPathBelowASymlinkIsRefusedSoNoHostFileIsRead() throws IOException {
        Files.createSymbolicLink(src.resolve("etc"), Path.of("/etc"));
        assertThatThrownBy(() -> write(LayerWriteOptions.DEFAULT, List.of(new LayerChange.Put("etc/passwd"))))
                .hasMessage("write layer from " + src + ": entry \"etc/passwd\": parent etc is not a directory");
    }

    @Test
    void dotDotPathsAndRootDeletionsAreRefused() {
        assertThatThrownBy(() -> write(LayerWriteOptions.DEFAULT, List.of(new LayerChange.Put("../x"))))
                .hasMessage("write layer from " + src + ": path \"../x\" has a \"..\" component");
        assertThatThrownBy(() -> write(LayerWriteOptions.DEFAULT, List.of(new LayerChange.Delete("/"))))
                .hasMessage("write layer from " + src + ": cannot delete the root directory");
    }

    @Test
    void theSimpleFormTakesPathsAndDeletions() throws IOException {
        Files.writeString(src.resolve("f"), "x");
        WrittenLayer layer = new LayerWriter(LayerWriteOptions.DEFAULT).write(src, List.of("f"), List.of("g"), blobs);
        assertThat(entries(layer)).extracting(TarEntry::name).containsExactly(".wh.g", "f");
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> LayerWriteOptions.DEFAULT.withCompression(Compression.GZIP, 12))
                .hasMessage("gzip compression level 12: expected 0 to 9 or -1 for the default (6)");
        assertThatThrownBy(() -> LayerWriteOptions.DEFAULT.withThreads(0)).hasMessage("compression threads 0: at least 1");
    }

    static List<TarEntry> entries(WrittenLayer layer) throws IOException {
        List<TarEntry> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(layer.blob())) {
            TarReader r = new TarReader(Compression.open(in).stream(), TarLimits.DEFAULT);
            for (TarEntry e; (e = r.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }
}
