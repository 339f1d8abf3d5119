package dev.kiln.engine.layer.extract;

import static dev.kiln.engine.layer.LayerBuilder.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.layer.ExtractException;
import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.layer.Fixtures;
import dev.kiln.engine.layer.LayerBuilder;
import dev.kiln.engine.layer.Trees;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarType;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {

    static final byte[] CAP = {0, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // cap_net_bind_service+ep

    @TempDir
    Path base;
    Path root;

    @BeforeEach
    void rootfs() throws IOException {
        root = Files.createDirectory(base.resolve("rootfs"));
    }

    ExtractResult extract(byte[] blob) throws ExtractException {
        return new LayerExtractor().extract(LayerBuilder.digest(blob), new ByteArrayInputStream(blob), root);
    }

    @Test
    void extractsFilesDirectoriesSymlinksAndHardlinksWithTheirMetadata() throws Exception {
        Fixtures.assumeRoot();
        Instant dirTime = Instant.ofEpochSecond(1_500_000_000L, 5);
        byte[] blob = new LayerBuilder()
                .dir("etc/", 0750, 10, 20, dirTime)
                .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0, 0, Map.of())
                .file("etc/sudo", "#!", 04755, 1000, 1001, Map.of("security.capability", CAP, "user.k", new byte[] {1}))
                .symlink("etc/alias", "/etc/passwd")
                .hardlink("etc/hard", "etc/passwd")
                .entry(TarEntry.of("tmp/", TarType.DIRECTORY).withMode(01777).withMtime(T), null)
                .file("name with spaces ünï ✓", "u")
                .gzip();
        ExtractResult r = extract(blob);

        Statx etc = Posix.statx(root.resolve("etc"));
        assertThat(etc.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(etc.permissions()).isEqualTo(0750);
        assertThat(etc.uid()).isEqualTo(10);
        assertThat(etc.gid()).isEqualTo(20);
        assertThat(etc.mtime()).as("set after its children were written").isEqualTo(dirTime);
        Statx sudo = Posix.statx(root.resolve("etc/sudo"));
        assertThat(sudo.permissions()).as("setuid survives the chown").isEqualTo(04755);
        assertThat(sudo.uid()).isEqualTo(1000);
        assertThat(sudo.mtime()).isEqualTo(T);
        assertThat(Xattrs.get(root.resolve("etc/sudo"), "security.capability")).hasValue(CAP);
        assertThat(Xattrs.get(root.resolve("etc/sudo"), "user.k")).hasValue(new byte[] {1});
        assertThat(Posix.readlink(root.resolve("etc/alias"))).isEqualTo("/etc/passwd");
        assertThat(Posix.statx(root.resolve("etc/alias")).mtime()).as("a symlink's own time").isEqualTo(T);
        assertThat(Posix.statx(root.resolve("etc/hard")).ino()).isEqualTo(Posix.statx(root.resolve("etc/passwd")).ino());
        assertThat(Posix.statx(root.resolve("tmp")).permissions()).isEqualTo(01777);
        assertThat(Files.readString(root.resolve("name with spaces ünï ✓"))).isEqualTo("u");

        assertThat(r.counts()).isEqualTo(new ExtractResult.Counts(7, 3, 2, 1, 1, 0, 0, 0));
        assertThat(r.contentBytes()).isEqualTo(26 + 2 + 1);
        assertThat(r.compression()).isEqualTo(MediaType.Compression.GZIP);
        assertThat(r.layer()).isEqualTo(LayerBuilder.digest(blob).toString());
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void createsDeviceNodesAndFifos() throws Exception {
        Fixtures.assumeRoot();
        byte[] blob = new LayerBuilder()
                .entry(TarEntry.of("dev/null", TarType.CHAR_DEVICE).withDevice(1, 3).withMode(0666), null)
                .entry(TarEntry.of("dev/loop0", TarType.BLOCK_DEVICE).withDevice(7, 0).withMode(0660).withOwner(0, 6), null)
                .entry(TarEntry.of("run/fifo", TarType.FIFO).withMode(0620), null)
                .tar();
        assertThat(extract(blob).counts().nodes()).isEqualTo(3);
        Statx nul = Posix.statx(root.resolve("dev/null"));
        assertThat(nul.type()).isEqualTo(FileType.CHAR_DEVICE);
        assertThat(nul.rdevMajor()).isEqualTo(1);
        assertThat(nul.rdevMinor()).isEqualTo(3);
        assertThat(nul.permissions()).as("not reduced by the umask").isEqualTo(0666);
        assertThat(Posix.statx(root.resolve("dev/loop0")).type()).isEqualTo(FileType.BLOCK_DEVICE);
        assertThat(Posix.statx(root.resolve("dev/loop0")).gid()).isEqualTo(6);
        assertThat(Posix.statx(root.resolve("run/fifo")).type()).isEqualTo(FileType.FIFO);
        assertThat(Posix.statx(root.resolve("run/fifo")).permissions()).isEqualTo(0620);
    }

    @Test
    void createsMissingParentsAs0755RootOwned() throws Exception {
        Fixtures.assumeRoot();
        extract(new LayerBuilder().file("x/y/z", "deep", 0600, 5, 5, Map.of()).tar());
        for (String p : new String[] {"x", "x/y"}) {
            Statx st = Posix.statx(root.resolve(p));
            assertThat(st.type()).isEqualTo(FileType.DIRECTORY);
            assertThat(st.permissions()).isEqualTo(0755);
            assertThat(st.uid()).isZero();
            assertThat(st.gid()).isZero();
        }
        assertThat(Posix.statx(root.resolve("x/y/z")).uid()).isEqualTo(5);
    }

    @Test
    void entriesBelowASymlinkedDirectoryLandInItsTargetMergedUsr() throws Exception {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("/usr/bin")); // absolute: resolved inside the root
        extract(new LayerBuilder().file("lib/libc.so", "c").file("bin/sh", "sh").gzip());
        assertThat(Files.readString(root.resolve("usr/lib/libc.so"))).isEqualTo("c");
        assertThat(Files.readString(root.resolve("usr/bin/sh"))).isEqualTo("sh");
        assertThat(Posix.readlink(root.resolve("lib"))).as("no entry replaced the link").isEqualTo("usr/lib");
    }

    @Test
    void anExplicitDirectoryEntryReplacesASymlinkToADirectoryAsContainerdDoes() throws Exception {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/old.so"), "old");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        extract(new LayerBuilder().dir("lib/").file("lib/libc.so", "c").gzip());
        assertThat(Posix.statx(root.resolve("lib")).type()).isEqualTo(FileType.DIRECTORY);
        assertThat(Files.readString(root.resolve("lib/libc.so"))).isEqualTo("c");
        assertThat(root.resolve("usr/lib/libc.so")).doesNotExist();
        assertThat(Files.readString(root.resolve("usr/lib/old.so"))).as("the link's target is untouched").isEqualTo("old");
    }

    @Test
    void aFileReplacesADirectoryAndADirectoryReplacesAFile() throws Exception {
        Files.createDirectories(root.resolve("was-dir/sub"));
        Files.writeString(root.resolve("was-dir/sub/f"), "old");
        Files.writeString(root.resolve("was-file"), "old");
        Files.createSymbolicLink(root.resolve("was-link"), Path.of("/somewhere"));
        extract(new LayerBuilder().file("was-dir", "now a file").dir("was-file/").file("was-file/inner", "in")
                .dir("was-link/").tar());
        assertThat(Files.readString(root.resolve("was-dir"))).isEqualTo("now a file");
        assertThat(Files.readString(root.resolve("was-file/inner"))).isEqualTo("in");
        assertThat(Posix.statx(root.resolve("was-link")).type()).isEqualTo(FileType.DIRECTORY);
    }

    @Test
    void aDirectoryOverADirectoryMergesAndTakesTheNewMetadata() throws Exception {
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/lower"), "kept");
        extract(new LayerBuilder().dir("d/", 0700, 0, 0, T).file("d/upper", "new").tar());
        assertThat(Files.readString(root.resolve("d/lower"))).isEqualTo("kept");
        assertThat(Files.readString(root.resolve("d/upper"))).isEqualTo("new");
        assertThat(Posix.statx(root.resolve("d")).permissions()).isEqualTo(0700);
        assertThat(Posix.statx(root.resolve("d")).mtime()).isEqualTo(T);
    }

    @Test
    void aReadOnlyDirectoryGetsItsModeAfterItsChildrenAreWritten() throws Exception {
        extract(new LayerBuilder().dir("ro/", 0555, 0, 0, T).file("ro/child", "x").dir("ro/sub/").tar());
        assertThat(Posix.statx(root.resolve("ro")).permissions()).isEqualTo(0555);
        assertThat(root.resolve("ro/child")).hasContent("x");
        assertThat(Posix.statx(root.resolve("ro")).mtime()).isEqualTo(T);
    }

    @Test
    void aLaterEntryReplacesAnEarlierOneOfTheSameLayer() throws Exception {
        extract(new LayerBuilder().file("f", "first").file("f", "second").symlink("l", "a").symlink("l", "b").tar());
        assertThat(Files.readString(root.resolve("f"))).isEqualTo("second");
        assertThat(Posix.readlink(root.resolve("l"))).isEqualTo("b");
    }

    @Test
    void hardlinksReachFilesOfLowerLayersAndAbsoluteTargetsAreReRooted() throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/python3.11"), "py");
        extract(new LayerBuilder().hardlink("usr/bin/python3", "/usr/bin/python3.11").tar());
        assertThat(Posix.statx(root.resolve("usr/bin/python3")).ino())
                .isEqualTo(Posix.statx(root.resolve("usr/bin/python3.11")).ino());
    }

    @Test
    void aHardlinkToNothingNamesTheEntryAndTarget() {
        byte[] blob = new LayerBuilder().hardlink("a/h", "not/there").tar();
        assertThatThrownBy(() -> extract(blob)).isInstanceOfSatisfying(ExtractException.class, e -> {
            assertThat(e.reason()).isEqualTo(ExtractException.Reason.UNSAFE_LINK);
            assertThat(e.entry()).isEqualTo("a/h");
        }).hasMessage("extract layer " + LayerBuilder.digest(blob) + ": entry \"a/h\": hardlink target \"not/there\""
                + " does not exist (it must come earlier in the layer or from a lower layer)");
    }

    @Test
    void aHardlinkToADirectoryIsRefused() {
        byte[] blob = new LayerBuilder().dir("d/").hardlink("h", "d").tar();
        assertThatThrownBy(() -> extract(blob)).hasMessageEndingWith("entry \"h\": hardlink target \"d\" is a directory");
    }

    @Test
    void appliesTheRootEntryToTheRootDirectory() throws Exception {
        Fixtures.assumeRoot();
        extract(new LayerBuilder().dir("./", 0711, 0, 0, T).file("./f", "x").tar());
        assertThat(Posix.statx(root).permissions()).isEqualTo(0711);
        assertThat(Posix.statx(root).mtime()).isEqualTo(T);
        assertThat(root.resolve("f")).hasContent("x");
    }

    @Test
    void readsGzipZstdAndPlainLayersAlike() throws Exception {
        LayerBuilder layer = new LayerBuilder().dir("a/").file("a/f", "same");
        for (Compression c : new Compression[] {Compression.GZIP, Compression.ZSTD, Compression.NONE}) {
            Path dir = Files.createDirectory(base.resolve(c.name()));
            ExtractResult r = new LayerExtractor().extract("layer", new ByteArrayInputStream(layer.compress(c)), dir);
            assertThat(r.compression()).isEqualTo(c.kind());
            assertThat(dir.resolve("a/f")).hasContent("same");
        }
        assertThat(Trees.snapshot(base.resolve("zstd"))).isEqualTo(Trees.snapshot(base.resolve("gzip")));
    }

    @Test
    void computesAndVerifiesTheDigestAndDiffId() throws Exception {
        LayerBuilder layer = new LayerBuilder().file("f", "x");
        byte[] blob = layer.gzip();
        Digest diffId = Digest.sha256(layer.tar());
        ExtractOptions opts = ExtractOptions.DEFAULT.withExpectedDigest(Digest.sha256(blob)).withExpectedDiffId(diffId);
        ExtractResult r = new LayerExtractor(opts).extract("l", new ByteArrayInputStream(blob), root);
        assertThat(r.digest()).isEqualTo(Digest.sha256(blob));
        assertThat(r.diffId()).isEqualTo(diffId);
        assertThat(r.blobSize()).isEqualTo(blob.length);
        assertThat(r.tarSize()).isEqualTo(layer.tar().length);

        Digest wrong = Digest.sha256(new byte[0]);
        assertThatThrownBy(() -> new LayerExtractor(ExtractOptions.DEFAULT.withExpectedDiffId(wrong))
                .extract("l", new ByteArrayInputStream(blob), Files.createDirectory(base.resolve("other"))))
                .isInstanceOfSatisfying(ExtractException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExtractException.Reason.DIGEST_MISMATCH))
                .hasMessage("extract layer l: diff ID is " + diffId + ", expected " + wrong);
    }

    @Test
    void digestsAreNotComputedUnlessAsked() throws Exception {
        ExtractResult r = extract(new LayerBuilder().file("f", "x").gzip());
        assertThat(r.digest()).isNull();
        assertThat(r.diffId()).isNull();
    }

    @Test
    void extractsFromAPipeWhileItIsWritten() throws Exception {
        byte[] blob = new LayerBuilder().file("big", "z".repeat(3_000_000)).gzip();
        PipedInputStream in = new PipedInputStream(4096);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (out) {
                for (int i = 0; i < blob.length; i += 1000) {
                    out.write(blob, i, Math.min(1000, blob.length - i));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ExtractResult r = new LayerExtractor(ExtractOptions.DEFAULT.withComputeDigests(true)).extract("piped", in, root);
        feeder.join();
        assertThat(Files.size(root.resolve("big"))).isEqualTo(3_000_000);
        assertThat(r.digest()).isEqualTo(Digest.sha256(blob));
    }

    @Test
    void aTruncatedGzipLayerNamesTheEntryBeingRead() {
        byte[] blob = new LayerBuilder().file("a", "small").file("etc/big", new String(randomText(), java.nio.charset.StandardCharsets.ISO_8859_1)).gzip();
        byte[] cut = Arrays.copyOf(blob, blob.length / 2);
        assertThatThrownBy(() -> extract(cut)).isInstanceOfSatisfying(ExtractException.class, e -> {
            assertThat(e.reason()).isEqualTo(ExtractException.Reason.TRUNCATED);
            assertThat(e.entry()).isEqualTo("etc/big");
        }).hasMessageContaining("entry \"etc/big\": gzip stream ends early");
    }

    @Test
    void aTruncatedZstdLayerFailsNamingTheEntry() {
        byte[] blob = new LayerBuilder().file("a", "small").file("etc/big", new String(randomText(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .compress(Compression.ZSTD);
        byte[] cut = Arrays.copyOf(blob, blob.length / 2);
        assertThatThrownBy(() -> extract(cut)).isInstanceOfSatisfying(ExtractException.class, e -> {
            assertThat(e.reason()).isEqualTo(ExtractException.Reason.TRUNCATED);
            assertThat(e.entry()).isEqualTo("etc/big");
        }).hasMessageContaining("zstd");
    }

    @Test
    void aCorruptGzipLayerIsMalformed() {
        byte[] blob = new LayerBuilder().file("etc/big", "q".repeat(100_000)).gzip();
        for (int i = 20; i < 40; i++) {
            blob[i] ^= (byte) 0xa5;
        }
        assertThatThrownBy(() -> extract(blob)).isInstanceOfSatisfying(ExtractException.class,
                e -> assertThat(e.reason()).isIn(ExtractException.Reason.MALFORMED, ExtractException.Reason.TRUNCATED))
                .hasMessageContaining("gzip");
    }

    @Test
    void notATarArchiveIsMalformed() {
        assertThatThrownBy(() -> extract("just some text that is not a tar".repeat(40).getBytes()))
                .isInstanceOfSatisfying(ExtractException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExtractException.Reason.MALFORMED))
                .hasMessageContaining("not a tar archive");
    }

    @Test
    void refusedXattrsBecomeWarnings() throws Exception {
        // the kernel refuses user.* xattrs on symlinks (EPERM)
        byte[] blob = new LayerBuilder().entry(TarEntry.of("l", TarType.SYMLINK).withLinkName("x")
                .withXattrs(Map.of("user.nope", new byte[] {1})), null).tar();
        ExtractResult r = extract(blob);
        assertThat(r.warnings()).containsExactly("entry \"l\": xattr user.nope not set: EPERM (Operation not permitted)");
    }

    @Test
    void withoutOwnershipFilesKeepTheExtractingUsersIds() throws Exception {
        Fixtures.assumeRoot();
        byte[] blob = new LayerBuilder().file("f", "x", 0644, 1234, 1234, Map.of()).tar();
        new LayerExtractor(ExtractOptions.DEFAULT.withPreserveOwnership(false)).extract("l", new ByteArrayInputStream(blob), root);
        assertThat(Posix.statx(root.resolve("f")).uid()).isZero();
    }

    @Test
    void aRootfsThatIsNotADirectoryIsRefused() {
        assertThatThrownBy(() -> new LayerExtractor().extract("l", new ByteArrayInputStream(new byte[0]), base.resolve("missing")))
                .hasMessageStartingWith("extract layer l: rootfs " + base.resolve("missing") + " is not a directory");
    }

    private static byte[] randomText() {
        byte[] b = new byte[400_000];
        new java.util.Random(1).nextBytes(b);
        return b;
    }
}
