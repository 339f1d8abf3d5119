package dev.kiln.engine.layer.extract;

import static dev.kiln.engine.layer.ExtractException.Reason.CONFLICT;
import static dev.kiln.engine.layer.ExtractException.Reason.FILESYSTEM;
import static dev.kiln.engine.layer.ExtractException.Reason.MALFORMED;
import static dev.kiln.engine.layer.ExtractException.Reason.TOO_LARGE;
import static dev.kiln.engine.layer.ExtractException.Reason.TRUNCATED;
import static dev.kiln.engine.layer.ExtractException.Reason.UNSAFE_LINK;
import static dev.kiln.engine.layer.ExtractException.Reason.UNSAFE_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.layer.ExtractException;
import dev.kiln.engine.layer.LayerBuilder;
import dev.kiln.engine.layer.Trees;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarType;
import dev.kiln.engine.oci.Digest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of hostile layers. Each is refused (with an error naming the entry) or neutralised (written
 * inside the rootfs); after each, a sentinel directory next to the rootfs must be unchanged and nothing
 * new may exist next to the rootfs.
 */
class HostileLayerTest {

    @TempDir
    Path base;
    Path root;
    Path sentinel;
    SortedMap<String, Trees.Node> sentinelBefore;
    String hostPasswdBefore;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(base.resolve("rootfs"));
        sentinel = Files.createDirectory(base.resolve("sentinel"));
        Files.writeString(sentinel.resolve("file"), "precious");
        Files.createDirectory(sentinel.resolve("dir"));
        Files.writeString(sentinel.resolve("dir/inner"), "also precious");
        sentinelBefore = Trees.snapshot(sentinel);
        hostPasswdBefore = Trees.sha256(Path.of("/etc/passwd"));
    }

    @AfterEach
    void nothingOutsideTheRootfsChanged() throws IOException {
        assertThat(Trees.snapshot(sentinel)).isEqualTo(sentinelBefore);
        assertThat(Posix.statx(sentinel).nlink()).isEqualTo(3);
        assertThat(Posix.statx(sentinel.resolve("file")).nlink()).as("no hardlink to a host file").isEqualTo(1);
        try (Stream<Path> s = Files.list(base)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("rootfs", "sentinel");
        }
        assertThat(Trees.sha256(Path.of("/etc/passwd"))).isEqualTo(hostPasswdBefore);
    }

    /** The sentinel's absolute host path without the leading slash, as it would appear re-rooted. */
    String inside(Path hostPath) {
        return hostPath.toString().substring(1);
    }

    void extract(byte[] blob) throws ExtractException {
        new LayerExtractor().extract(LayerBuilder.digest(blob), new ByteArrayInputStream(blob), root);
    }

    void refused(byte[] blob, ExtractException.Reason reason, String entry, String detail) {
        String layer = LayerBuilder.digest(blob).toString();
        assertThatThrownBy(() -> extract(blob)).isInstanceOfSatisfying(ExtractException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.entry()).isEqualTo(entry);
            assertThat(e.getMessage()).startsWith("extract layer " + layer + ": entry " + ExtractException.quote(entry) + ": ");
            assertThat(e.detail()).contains(detail);
        });
    }

    @Test
    void dotDotNamesAreRefused() {
        refused(new LayerBuilder().file("../../etc/passwd", "pwned").tar(), UNSAFE_PATH, "../../etc/passwd",
                "name has a \"..\" component");
        refused(new LayerBuilder().file("a/../../sentinel/file", "pwned").tar(), UNSAFE_PATH, "a/../../sentinel/file",
                "name has a \"..\" component");
        refused(new LayerBuilder().dir("../").tar(), UNSAFE_PATH, "../", "name has a \"..\" component");
    }

    @Test
    void dotDotNamesWrittenByCommonsCompressAreRefusedToo() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry("../sentinel/file", true);
            e.setSize(5);
            out.putArchiveEntry(e);
            out.write("pwned".getBytes(StandardCharsets.US_ASCII));
            out.closeArchiveEntry();
        }
        refused(bytes.toByteArray(), UNSAFE_PATH, "../sentinel/file", "\"..\"");
    }

    @Test
    void absoluteNamesAreReRootedIntoTheRootfs() throws Exception {
        String hostile = sentinel.resolve("file").toString();
        extract(new LayerBuilder().file(hostile, "inside").file("/etc/passwd", "inside too").tar());
        assertThat(root.resolve(inside(sentinel)).resolve("file")).hasContent("inside");
        assertThat(root.resolve("etc/passwd")).hasContent("inside too");
    }

    @Test
    void writingThroughAnAbsoluteSymlinkStaysInsideTheRoot() throws Exception {
        extract(new LayerBuilder().symlink("a", "/etc").file("a/passwd", "pwned?").tar());
        assertThat(root.resolve("etc/passwd")).hasContent("pwned?");
        assertThat(Posix.readlink(root.resolve("a"))).isEqualTo("/etc");
    }

    @Test
    void writingThroughASymlinkToTheSentinelsHostPathStaysInsideTheRoot() throws Exception {
        extract(new LayerBuilder().symlink("abs", sentinel.toString()).file("abs/file", "pwned?")
                .symlink("rel", "../../../../../../../../.." + sentinel).file("rel/dir/inner", "pwned?").tar());
        assertThat(root.resolve(inside(sentinel)).resolve("file")).hasContent("pwned?");
        assertThat(root.resolve(inside(sentinel)).resolve("dir/inner")).hasContent("pwned?");
    }

    @Test
    void chainsOfSymlinksCannotClimbOut() throws Exception {
        extract(new LayerBuilder().symlink("up", "..").symlink("up2", "up/up/up/up").file("up2/escaped", "no")
                .tar());
        assertThat(root.resolve("escaped")).hasContent("no");
    }

    @Test
    void aSymlinkLoopIsAnErrorNamingTheEntry() {
        refused(new LayerBuilder().symlink("loop", "loop").file("loop/x", "?").tar(), FILESYSTEM, "loop/x", "ELOOP");
    }

    @Test
    void hardlinksOutsideTheRootAreRefused() {
        refused(new LayerBuilder().hardlink("h", "../../sentinel/file").tar(), UNSAFE_LINK, "h",
                "hardlink target \"../../sentinel/file\" has a \"..\" component");
        // an absolute target is re-rooted: the host file is not reachable and there is no such file inside
        refused(new LayerBuilder().hardlink("h", sentinel.resolve("file").toString()).tar(), UNSAFE_LINK, "h",
                "does not exist");
    }

    @Test
    void hardlinksThroughSymlinksToTheHostAreRefused() {
        refused(new LayerBuilder().symlink("s", sentinel.toString()).hardlink("h", "s/file").tar(), UNSAFE_LINK, "h",
                "does not exist");
        refused(new LayerBuilder().symlink("s", sentinel.toString()).hardlink("h", "s/dir/inner").tar(), UNSAFE_LINK,
                "h", "does not exist");
    }

    @Test
    void aHardlinkToASymlinkLinksTheSymlinkItself() throws Exception {
        extract(new LayerBuilder().symlink("s", sentinel.resolve("file").toString()).hardlink("h", "s").tar());
        assertThat(Posix.statx(root.resolve("h")).type()).isEqualTo(FileType.SYMLINK);
    }

    @Test
    void aLinkReplacedByADirectoryMidArchiveGetsARealDirectory() throws Exception {
        extract(new LayerBuilder().symlink("a", sentinel.toString()).dir("a/").file("a/file", "inside").tar());
        assertThat(Posix.statx(root.resolve("a")).type()).isEqualTo(FileType.DIRECTORY);
        assertThat(root.resolve("a/file")).hasContent("inside");
    }

    @Test
    void aDirectoryReplacedByALinkMidArchiveIsFollowedInsideTheRoot() throws Exception {
        extract(new LayerBuilder().dir("a/").file("a/first", "1").symlink("a", sentinel.toString())
                .file("a/file", "second").tar());
        assertThat(root.resolve(inside(sentinel)).resolve("file")).hasContent("second");
        assertThat(root.resolve("a/first")).doesNotExist();
    }

    @Test
    void whiteoutsCannotEscapeOrFollowLinksOut() throws Exception {
        refused(new LayerBuilder().whiteout("../.wh.sentinel").tar(), UNSAFE_PATH, "../.wh.sentinel", "\"..\"");
        refused(new LayerBuilder().whiteout("a/.wh...").tar(), UNSAFE_PATH, "a/.wh...", "whiteout of \"..\" names no file");
        refused(new LayerBuilder().whiteout(".wh.").tar(), UNSAFE_PATH, ".wh.", "names no file");
        extract(new LayerBuilder().symlink("s", sentinel.toString()).whiteout("s/.wh.file")
                .symlink("b", base.toString()).whiteout("b/.wh..wh..opq").whiteout("b/.wh.sentinel").tar());
        assertThat(Posix.readlink(root.resolve("s"))).isEqualTo(sentinel.toString());
    }

    @Test
    void hugePaxHeadersAreRefused() {
        byte[] blob = new LayerBuilder().entry(TarEntry.of("f", TarType.REGULAR)
                .withXattrs(Map.of("user.huge", new byte[(1 << 20) + 1])), null).tar();
        refused(blob, TOO_LARGE, "PaxHeaders.0/f", "exceed the limit of 1048576 bytes");
    }

    @Test
    void namesLongerThan4096BytesAreRefused() {
        String name = "d/".repeat(2000) + "x".repeat(200);
        byte[] blob = new LayerBuilder().file(name, "x").tar();
        assertThatThrownBy(() -> extract(blob)).isInstanceOfSatisfying(ExtractException.class, e -> {
            assertThat(e.reason()).isEqualTo(TOO_LARGE);
            assertThat(e.detail()).isEqualTo("name is 4200 bytes long, more than the limit of 4096");
            assertThat(e.getMessage()).contains(": entry \"d/d/d/").contains("…(300 characters)");
        });
    }

    @Test
    void symlinkTargetsLongerThan4096BytesAreRefused() {
        refused(new LayerBuilder().symlink("l", "t".repeat(5000)).tar(), TOO_LARGE, "l", "link target is 5000 bytes long");
    }

    @Test
    void aTruncatedArchiveIsAnErrorNamingTheEntry() {
        byte[] tar = new LayerBuilder().file("ok", "fine").file("etc/shadow", "x".repeat(5000)).tar();
        int shadowContent = tar.length - 1024 - 5120;
        refused(Arrays.copyOf(tar, shadowContent + 1000), TRUNCATED, "etc/shadow", "archive ends 4000 bytes before");
        int shadowHeaders = shadowContent - 3 * 512; // PAX header, its records, the ustar header
        refused(Arrays.copyOf(tar, shadowHeaders + 200), TRUNCATED, "ok", "archive ends inside a header");
    }

    @Test
    void aNulInAPaxPathIsRefused() {
        byte[] blob = new LayerBuilder().file("a\0/../../sentinel/file" + "/x".repeat(60), "x").tar(); // long: PAX
        assertThatThrownBy(() -> extract(blob)).isInstanceOfSatisfying(ExtractException.class,
                e -> assertThat(e.reason()).isEqualTo(MALFORMED)).hasMessageContaining("contains a NUL byte");
    }

    @Test
    void theRootCannotBeReplacedByAFileOrLink() {
        refused(new LayerBuilder().file("./", "x").tar(), CONFLICT, "./",
                "the root of a layer can only be a directory, not a regular");
        refused(new LayerBuilder().symlink("/", sentinel.toString()).tar(), CONFLICT, "/", "not a symlink");
    }

    @Test
    void aFileAsAParentIsAConflict() {
        refused(new LayerBuilder().file("f", "x").file("f/child", "y").tar(), CONFLICT, "f/child",
                "parent \"f\" is not a directory but a regular file");
        refused(new LayerBuilder().file("g", "x").file("g/sub/child", "y").tar(), CONFLICT, "g/sub/child", "ENOTDIR");
    }

    @Test
    void devicesNamedOutsideAreRefused() {
        refused(new LayerBuilder().entry(TarEntry.of("../dev/sda", TarType.BLOCK_DEVICE).withDevice(8, 0), null).tar(),
                UNSAFE_PATH, "../dev/sda", "\"..\"");
    }

    @Test
    void controlCharactersInNamesAreEscapedInMessages() {
        byte[] blob = new LayerBuilder().file("../evil\nFAKE LOG LINE", "x").tar();
        assertThatThrownBy(() -> extract(blob)).hasMessageContaining("entry \"../evil\\nFAKE LOG LINE\"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void everyRefusalLeavesTheSentinelAlone() throws Exception {
        // a batch of mixed layers applied in order into one rootfs; the @AfterEach check does the rest
        List<byte[]> layers = List.of(
                new LayerBuilder().symlink("etc", sentinel.toString()).tar(),
                new LayerBuilder().file("etc/file", "overwritten inside").tar(),
                new LayerBuilder().hardlink("x", "etc/file").tar(),
                new LayerBuilder().whiteout("etc/.wh.dir").tar());
        for (byte[] l : layers) {
            extract(l);
        }
        assertThat(root.resolve(inside(sentinel)).resolve("file")).hasContent("overwritten inside");
        assertThat(Digest.sha256(Files.readAllBytes(root.resolve("x")))).isEqualTo(Digest.sha256("overwritten inside".getBytes()));
    }
}
