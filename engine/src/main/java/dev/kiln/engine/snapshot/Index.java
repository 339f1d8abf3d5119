package dev.kiln.engine.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scan of a rootfs directory: container path to {@link Entry}, for every path not ignored, including
 * the root {@code /} itself.
 *
 * <p>Immutable and thread-safe once built (the map is never written after the scan). It exists so that
 * change detection compares two in-memory scans, and so that a scan can reuse what the previous one
 * proved (xattrs digests, link targets, content hashes of inodes whose ctime did not move) instead of
 * reading them again; see {@link #build(Path, IndexOptions, Index)}.
 */
public final class Index {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Path root;
    private final IndexOptions options;
    private final Instant scannedAt;
    private final Map<String, Entry> entries;
    private final long basisId;
    private final List<Entry> fresh;

    Index(Path root, IndexOptions options, Instant scannedAt, Map<String, Entry> entries) {
        this(root, options, scannedAt, entries, 0, null);
    }

    /**
     * @param basisId the {@link #id} of the index this scan reused entries from, or 0
     * @param fresh   with a basis: the entries that are not the basis's own {@link Entry} objects; every
     *                other entry is identical to the basis's entry of its path
     */
    Index(Path root, IndexOptions options, Instant scannedAt, Map<String, Entry> entries, long basisId,
          List<Entry> fresh) {
        this.root = Objects.requireNonNull(root, "root");
        this.options = Objects.requireNonNull(options, "options");
        this.scannedAt = Objects.requireNonNull(scannedAt, "scannedAt");
        this.entries = Collections.unmodifiableMap(entries);
        this.basisId = basisId;
        this.fresh = fresh == null ? null : List.copyOf(fresh);
    }

    /**
     * The entries that may differ from {@code before}'s, or {@code null} if that is unknown: when this
     * index was scanned with {@code before} as its previous index, all others are {@code before}'s own
     * objects, and a diff need not look them up (one hash lookup per path saved, the largest cost of
     * diffing an unchanged tree after the {@code statx} calls).
     */
    List<Entry> freshSince(Index before) {
        return basisId == before.id ? fresh : null;
    }

    /**
     * Scans {@code root} from scratch. In {@link SnapshotMode#FULL} this hashes every regular file.
     *
     * @throws SnapshotException naming the path if a stat, readlink, xattr read or content read fails
     *                           (paths that vanish during the scan are left out instead)
     */
    public static Index build(Path root, IndexOptions options) throws IOException {
        return new IndexBuilder(root, options, null).build();
    }

    /**
     * Scans {@code root}, reusing from {@code previous} (a scan of the same rootfs) what an unchanged
     * inode proves: when a path has the same type, inode, device, size, mtime and ctime as before and
     * the earlier stat was not racy, its link target, xattrs digest and content hash are taken over
     * without reading them. So a scan of an unchanged tree costs one directory read per directory and
     * one {@code statx} per path.
     */
    public static Index build(Path root, IndexOptions options, Index previous) throws IOException {
        return new IndexBuilder(root, options, previous).build();
    }

    /** A number unique to this index in this JVM. */
    long id() {
        return id;
    }

    /** The rootfs directory on the host. */
    public Path root() {
        return root;
    }

    /** The options the scan used. */
    public IndexOptions options() {
        return options;
    }

    /** The mode the scan used. */
    public SnapshotMode mode() {
        return options.mode();
    }

    /** The ignores the scan used. */
    public IgnoreList ignores() {
        return options.ignores();
    }

    /** When the scan started (wall clock, the clock that stamps ctimes). */
    public Instant scannedAt() {
        return scannedAt;
    }

    /** The number of entries, the root included. */
    public int size() {
        return entries.size();
    }

    /** The entry of a container path (absolute, normalised). */
    public Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    Entry entry(String path) {
        return entries.get(path);
    }

    /** All entries by container path (unordered, unmodifiable). */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** All entries in {@link PathOrder}. */
    public List<Entry> sortedEntries() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort((a, b) -> PathOrder.INSTANCE.compare(a.path(), b.path()));
        return list;
    }

    @Override
    public String toString() {
        return "Index[" + root + ", " + entries.size() + " entries, " + options.mode() + ", scanned " + scannedAt + "]";
    }
}
