package dev.kiln.engine.snapshot;

/**
 * One way an entry can differ between two indexes; a {@link Change.Modified} lists all that apply, and a
 * {@link SnapshotMode} says which of them count.
 *
 * <p>Immutable.
 */
public enum Difference {
    /** The file type (regular, directory, symlink, device, FIFO, socket). Always decisive. */
    TYPE,
    /** The 12 permission bits, including setuid, setgid and sticky. */
    PERMISSIONS,
    /** uid or gid. */
    OWNER,
    /** Size in bytes. */
    SIZE,
    /** Modification time, to the nanosecond. */
    MTIME,
    /** Inode change time, to the nanosecond: moved by every write, chmod, chown, xattr change, link or rename. */
    CTIME,
    /** Inode number or the device holding it: the path now names another file. */
    INODE,
    /** Number of hard links. */
    LINKS,
    /** Device number of a device node. */
    DEVICE,
    /** Target of a symlink. */
    LINK_TARGET,
    /** Extended attributes (names or values). */
    XATTRS,
    /** Content of a regular file, known from SHA-256 hashes on both sides. */
    CONTENT,
    /**
     * The earlier stat was "racy" (taken within the racy window of the file's ctime, see the package
     * documentation), its content was hashed, and the later index has no hash to compare with: the
     * stat tuples are equal but cannot prove the content is. Reported as a change to be safe.
     */
    UNVERIFIED
}
