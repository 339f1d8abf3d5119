package dev.kiln.engine.snapshot;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which attributes decide that a path changed between two snapshots. The full rationale is in the
 * package documentation; in short:
 *
 * <ul>
 * <li>{@link #EXACT} (Kiln's default): the whole stat tuple including ctime, inode and link count, plus
 *     symlink target, device number and xattrs. Reads no file contents, except for "racy" files whose
 *     ctime is too close to the scan to prove anything. Never misses a change; may report a file whose
 *     inode was touched without a visible change (chown to the same owner, a rewrite with identical
 *     bytes and restored mtime).</li>
 * <li>{@link #FULL} ({@code --snapshot-mode=full}): kaniko's decision (type, mode, owner, mtime, content,
 *     symlink target; Kiln adds size, device number and all xattrs), with content compared by SHA-256.
 *     The ctime tuple only decides which files to re-hash, so after one full hash of the base rootfs
 *     only changed files are read.</li>
 * <li>{@link #REDO} ({@code --snapshot-mode=redo}): kaniko's redo hasher: type, mode, mtime, size, uid,
 *     gid. Misses content changes that restore size and mtime, and xattr changes.</li>
 * <li>{@link #TIME} ({@code --snapshot-mode=time}): kaniko's mtime hasher: mtime only (Kiln also always
 *     reports a change of file type). Misses chmod, chown, xattrs and mtime-restoring writes.</li>
 * </ul>
 *
 * <p>Immutable. Added and deleted paths are found the same way in every mode (by path).
 */
public enum SnapshotMode {
    EXACT(EnumSet.allOf(Difference.class)),
    FULL(EnumSet.of(Difference.TYPE, Difference.PERMISSIONS, Difference.OWNER, Difference.SIZE,
            Difference.MTIME, Difference.DEVICE, Difference.LINK_TARGET, Difference.XATTRS, Difference.CONTENT)),
    REDO(EnumSet.of(Difference.TYPE, Difference.PERMISSIONS, Difference.OWNER, Difference.SIZE, Difference.MTIME)),
    TIME(EnumSet.of(Difference.TYPE, Difference.MTIME));

    /** The mode Kiln uses when none is asked for. */
    public static final SnapshotMode DEFAULT = EXACT;

    private final Set<Difference> decisive;

    SnapshotMode(Set<Difference> decisive) {
        this.decisive = decisive;
    }

    /**
     * The differences that make a path count as modified in this mode. {@link #FULL} falls back to
     * {@link #EXACT}'s set for a file whose content hash is missing on either side (see
     * {@link ChangeDetector}).
     */
    public Set<Difference> decisive() {
        return EnumSet.copyOf(decisive);
    }

    boolean isDecisive(Difference d) {
        return decisive.contains(d);
    }

    /**
     * The mode for a {@code --snapshot-mode} value: {@code full}, {@code redo}, {@code time}, or Kiln's
     * {@code exact}; case-insensitive.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static SnapshotMode forFlag(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "exact" -> EXACT;
            case "full" -> FULL;
            case "redo" -> REDO;
            case "time" -> TIME;
            default -> throw new IllegalArgumentException("snapshot mode \"" + value
                    + "\": unknown (exact, full, redo, time)");
        };
    }

    /** The flag value for this mode, e.g. {@code redo}. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
