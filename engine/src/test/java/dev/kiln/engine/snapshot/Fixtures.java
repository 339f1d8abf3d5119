package dev.kiln.engine.snapshot;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test helpers: indexes of temp trees, entries built by hand, root checks. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2024-01-02T03:04:05.123456789Z");

    private Fixtures() {}

    /** Options with the given mode, no ignores, 2 threads, and no racy window (stat tuples are trusted). */
    static IndexOptions options(SnapshotMode mode) {
        return new IndexOptions(mode, IgnoreList.none(), 2, Duration.ZERO);
    }

    static void assumeRoot() {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
    }

    static Path write(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    /**
     * Waits a little more than one kernel clock tick, so that the next change of a file gets a later
     * ctime than the one just recorded even on kernels with coarse (per-tick) timestamps. Not a timing
     * assertion: correctness of the tests does not depend on how long it actually takes.
     */
    static void nextTick() throws InterruptedException {
        Thread.sleep(15);
    }

    /** A regular file entry made by hand, for tests of the pure comparison logic. */
    static Entry file(String path, long ino, Instant ctime, Digest hash, boolean racy) {
        return new Entry(path, FileType.REGULAR, 0100644, 0, 0, 10, T0, ctime, ino, 2049, 1, 0, null, null, hash, racy);
    }

    static Entry dir(String path, long ino) {
        return new Entry(path, FileType.DIRECTORY, 040755, 0, 0, 4096, T0, T0, ino, 2049, 2, 0, null, null, null, false);
    }

    static Entry symlink(String path, long ino, String target) {
        return new Entry(path, FileType.SYMLINK, 0120777, 0, 0, target.length(), T0, T0, ino, 2049, 1, 0, target,
                null, null, false);
    }

    static Index index(Entry... entries) {
        java.util.Map<String, Entry> map = new java.util.HashMap<>();
        for (Entry e : entries) {
            map.put(e.path(), e);
        }
        return new Index(Path.of("/nonexistent"), options(SnapshotMode.EXACT), T0, map);
    }

    static List<String> paths(List<? extends Change> changes) {
        return changes.stream().map(Change::path).toList();
    }
}
