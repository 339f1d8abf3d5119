package dev.kiln.engine.snapshot;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.oci.Digest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an index knows about one path of a rootfs, taken with {@code statx} without following symlinks.
 *
 * <p>Immutable. It exists so that two scans can be compared without touching the disk again, and so that
 * the layer writer gets, with each changed path, what it needs for the tar header: mode with special
 * bits, owner, times, link target, device number, and the inode identity ({@link #fileKey()}) that
 * tells which paths are hard links of one another.
 *
 * @param path         the path inside the container, absolute and normalised ({@code /} for the root)
 * @param type         the file type
 * @param mode         the full {@code st_mode}: type bits and the 12 permission bits
 * @param uid          owner (unsigned, kept in an int)
 * @param gid          group (unsigned, kept in an int)
 * @param size         size in bytes (a symlink's is the length of its target)
 * @param mtime        modification time, to the nanosecond
 * @param ctime        inode change time, to the nanosecond
 * @param ino          inode number
 * @param dev          device holding the inode (glibc {@code makedev} encoding)
 * @param nlink        number of hard links
 * @param rdev         device number of a device node (glibc encoding), else 0
 * @param linkTarget   the target of a symlink exactly as stored; {@code null} for other types
 * @param xattrsDigest SHA-256 over the sorted extended attributes ({@link IndexBuilder#xattrsDigest});
 *                     {@code null} when the path has none
 * @param contentHash  SHA-256 of a regular file's content, when the index computed it (see
 *                     {@link SnapshotMode}); {@code null} otherwise
 * @param racy         the stat was taken so soon after the file's ctime that a later change could carry
 *                     the same ctime (coarse kernel clock): its stat tuple alone proves nothing
 */
public record Entry(String path, FileType type, int mode, int uid, int gid, long size, Instant mtime,
                    Instant ctime, long ino, long dev, long nlink, long rdev, String linkTarget,
                    Digest xattrsDigest, Digest contentHash, boolean racy) {

    public Entry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(ctime, "ctime");
        if ((type == FileType.SYMLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException("entry " + path + ": a link target is required for a symlink"
                    + " and only for one (type " + type + ")");
        }
    }

    /** The 12 permission bits ({@code 07777} at most). */
    public int permissions() {
        return mode & 07777;
    }

    /** True if the entry is a directory. */
    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    /** The inode identity: entries with equal keys are hard links of one file. */
    public FileKey fileKey() {
        return new FileKey(dev, ino);
    }

    /** True if this non-directory shares its inode with other paths (the layer writer may emit hard links). */
    public boolean isHardLinked() {
        return type != FileType.DIRECTORY && nlink > 1;
    }

    /** This entry with a content hash (used when hashing is done after the stat). */
    Entry withContentHash(Digest hash) {
        return new Entry(path, type, mode, uid, gid, size, mtime, ctime, ino, dev, nlink, rdev, linkTarget,
                xattrsDigest, hash, racy);
    }

    /**
     * True if both stats describe the same inode in the same state: same type, inode, device, size, mtime
     * and ctime. Any write, chmod, chown, xattr change or link moves ctime, so for a non-racy earlier
     * entry this proves that content, xattrs and link target are unchanged too.
     */
    boolean sameInodeState(Entry o) {
        return type == o.type && ino == o.ino && dev == o.dev && size == o.size
                && mtime.equals(o.mtime) && ctime.equals(o.ctime);
    }

    /**
     * Every aspect in which {@code after} differs from this entry, judged on the recorded fields only.
     * {@link Difference#CONTENT} is included when both entries carry different hashes;
     * {@link Difference#UNVERIFIED} when this entry is racy, has a hash, the stat tuples are equal and
     * {@code after} has no hash.
     */
    Set<Difference> differencesTo(Entry after) {
        if (sameRecordedState(after)) {
            return Set.of();
        }
        Set<Difference> d = EnumSet.noneOf(Difference.class);
        if (type != after.type) {
            d.add(Difference.TYPE);
        }
        if (permissions() != after.permissions()) {
            d.add(Difference.PERMISSIONS);
        }
        if (uid != after.uid || gid != after.gid) {
            d.add(Difference.OWNER);
        }
        if (size != after.size) {
            d.add(Difference.SIZE);
        }
        if (!mtime.equals(after.mtime)) {
            d.add(Difference.MTIME);
        }
        if (!ctime.equals(after.ctime)) {
            d.add(Difference.CTIME);
        }
        if (ino != after.ino || dev != after.dev) {
            d.add(Difference.INODE);
        }
        if (nlink != after.nlink) {
            d.add(Difference.LINKS);
        }
        if (rdev != after.rdev) {
            d.add(Difference.DEVICE);
        }
        if (!Objects.equals(linkTarget, after.linkTarget)) {
            d.add(Difference.LINK_TARGET);
        }
        if (!Objects.equals(xattrsDigest, after.xattrsDigest)) {
            d.add(Difference.XATTRS);
        }
        if (contentHash != null && after.contentHash != null && !contentHash.equals(after.contentHash)) {
            d.add(Difference.CONTENT);
        }
        if (d.isEmpty() && racy && contentHash != null && after.contentHash == null) {
            d.add(Difference.UNVERIFIED);
        }
        return d;
    }

    /** The common case of a diff, without allocating: every compared field equal and nothing unverified. */
    private boolean sameRecordedState(Entry o) {
        return sameInodeState(o) && mode == o.mode && uid == o.uid && gid == o.gid && nlink == o.nlink
                && rdev == o.rdev && Objects.equals(linkTarget, o.linkTarget)
                && Objects.equals(xattrsDigest, o.xattrsDigest)
                && (contentHash == null || o.contentHash == null ? !(racy && contentHash != null && o.contentHash == null)
                        : contentHash.equals(o.contentHash));
    }

    /**
     * The identity of an inode: device and inode number.
     *
     * <p>Immutable. Paths whose entries have equal keys are hard links of one file.
     *
     * @param dev device holding the inode (glibc {@code makedev} encoding)
     * @param ino inode number
     */
    public record FileKey(long dev, long ino) {}
}
