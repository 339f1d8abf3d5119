package dev.kiln.engine.fs;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * Where a path lives and whether the kernel lets it go: its file type and permissions, the device and
 * the mount it belongs to, and the inode flags that forbid deleting it, from one {@code statx} call
 * that does not follow a final symlink (https://man7.org/linux/man-pages/man2/statx.2.html).
 *
 * <p>Immutable. It exists for deleting trees safely: a mount point inside a tree is recognised by
 * another device or, for a bind mount from the same filesystem, another mount ID ({@code STATX_MNT_ID},
 * Linux 5.8); and a file with the immutable ({@code chattr +i}) or append-only ({@code chattr +a}) flag
 * cannot be unlinked even by root, nor can anything inside such a directory. {@link Statx} has neither,
 * so this is a second, narrower view of the same system call.
 *
 * @param type        the file type
 * @param permissions the 12 permission bits
 * @param devMajor    major number of the device holding the file
 * @param devMinor    minor number of the device holding the file
 * @param mountId     the kernel's ID of the mount holding the file, or {@link #UNKNOWN_MOUNT} when the
 *                    kernel does not report it
 * @param immutable   {@code STATX_ATTR_IMMUTABLE}: no change, no unlink, no new link
 * @param appendOnly  {@code STATX_ATTR_APPEND}: writes only append; a directory's entries cannot be removed
 */
public record InodeAttributes(FileType type, int permissions, int devMajor, int devMinor, long mountId,
                              boolean immutable, boolean appendOnly) {

    /** {@link #mountId()} when the kernel does not report mount IDs (before Linux 5.8). */
    public static final long UNKNOWN_MOUNT = -1;

    private static final int STATX_TYPE_MODE = 0x1 | 0x2;
    private static final int STATX_MNT_ID = 0x1000;
    private static final long STATX_ATTR_IMMUTABLE = 0x10;
    private static final long STATX_ATTR_APPEND = 0x20;

    private static final VarHandle MASK = field("stx_mask");
    private static final VarHandle MODE = field("stx_mode");
    private static final VarHandle ATTRIBUTES = field("stx_attributes");
    private static final VarHandle ATTRIBUTES_MASK = field("stx_attributes_mask");
    private static final VarHandle MNT_ID = field("stx_mnt_id");
    private static final VarHandle DEV_MAJOR = field("stx_dev_major");
    private static final VarHandle DEV_MINOR = field("stx_dev_minor");

    private static VarHandle field(String name) {
        return Statx.LAYOUT.varHandle(groupElement(name));
    }

    /**
     * {@code statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MODE | STATX_MNT_ID)}.
     *
     * @throws PosixException naming the path and the errno; {@link PosixException.NotFound} if it is gone
     */
    public static InodeAttributes of(Path path) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment buf = c.arena.allocate(Statx.LAYOUT);
            MemorySegment p = c.path(path);
            c.run("statx", path, " (mount and flags)", () -> (int) Libc.Statx.HANDLE.invokeExact(c.state,
                    Libc.AT_FDCWD, p, Libc.AT_SYMLINK_NOFOLLOW, STATX_TYPE_MODE | STATX_MNT_ID, buf));
            int mask = (int) MASK.get(buf, 0L);
            int mode = Short.toUnsignedInt((short) MODE.get(buf, 0L));
            long supported = (long) ATTRIBUTES_MASK.get(buf, 0L);
            long attributes = (long) ATTRIBUTES.get(buf, 0L) & supported;
            long mountId = (mask & STATX_MNT_ID) != 0 ? (long) MNT_ID.get(buf, 0L) : UNKNOWN_MOUNT;
            return new InodeAttributes(FileType.ofMode(mode), mode & 07777, (int) DEV_MAJOR.get(buf, 0L),
                    (int) DEV_MINOR.get(buf, 0L), mountId, (attributes & STATX_ATTR_IMMUTABLE) != 0,
                    (attributes & STATX_ATTR_APPEND) != 0);
        }
    }

    /**
     * True if this path and {@code other} are on the same mount: same device and, when both mount IDs
     * are known, the same mount ID (a bind mount of a directory of the same filesystem has the same
     * device but its own mount ID).
     */
    public boolean sameMountAs(InodeAttributes other) {
        return devMajor == other.devMajor && devMinor == other.devMinor
                && (mountId == UNKNOWN_MOUNT || other.mountId == UNKNOWN_MOUNT || mountId == other.mountId);
    }

    /** The device as {@code major:minor}, for messages. */
    public String device() {
        return Integer.toUnsignedString(devMajor) + ":" + Integer.toUnsignedString(devMinor);
    }
}
