package dev.kiln.engine.fs;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * What {@code statx(2)} reports about a file, without following a final symlink
 * (https://man7.org/linux/man-pages/man2/statx.2.html).
 *
 * <p>Immutable. It exists because {@code java.nio} has no device numbers of device nodes, no birth time
 * on Linux, and the full mode (with setuid/setgid/sticky) only behind the string attribute
 * {@code unix:mode}; one {@code statx} call gives all of it, to the nanosecond. Unsigned
 * C fields ({@code uid}, {@code gid}, device numbers) are kept in {@code int}s with their bits intact;
 * print them with {@link Integer#toUnsignedString(int)}.
 *
 * @param devMajor  major number of the device holding the file
 * @param devMinor  minor number of the device holding the file
 * @param ino       inode number
 * @param nlink     number of hard links
 * @param uid       owner (unsigned)
 * @param gid       group (unsigned)
 * @param mode      full {@code st_mode}: type bits and the 12 permission bits
 * @param size      size in bytes (a symlink's is the length of its target)
 * @param blocks    512-byte blocks allocated
 * @param atime     last access
 * @param mtime     last modification of the content
 * @param ctime     last change of the inode
 * @param btime     creation, or {@code null} when the filesystem does not report it
 * @param rdevMajor major device number of a device node, else 0
 * @param rdevMinor minor device number of a device node, else 0
 */
public record Statx(int devMajor, int devMinor, long ino, long nlink, int uid, int gid, int mode, long size,
                    long blocks, Instant atime, Instant mtime, Instant ctime, Instant btime,
                    int rdevMajor, int rdevMinor) {

    private static final StructLayout TIMESTAMP = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_INT.withName("tv_nsec"), JAVA_INT.withName("__reserved"));

    /** {@code struct statx} from {@code linux/stat.h}: 256 bytes, identical on x86_64 and aarch64. */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("stx_mask"), JAVA_INT.withName("stx_blksize"),
            JAVA_LONG.withName("stx_attributes"),
            JAVA_INT.withName("stx_nlink"), JAVA_INT.withName("stx_uid"), JAVA_INT.withName("stx_gid"),
            JAVA_SHORT.withName("stx_mode"), JAVA_SHORT.withName("__spare0"),
            JAVA_LONG.withName("stx_ino"), JAVA_LONG.withName("stx_size"), JAVA_LONG.withName("stx_blocks"),
            JAVA_LONG.withName("stx_attributes_mask"),
            TIMESTAMP.withName("stx_atime"), TIMESTAMP.withName("stx_btime"),
            TIMESTAMP.withName("stx_ctime"), TIMESTAMP.withName("stx_mtime"),
            JAVA_INT.withName("stx_rdev_major"), JAVA_INT.withName("stx_rdev_minor"),
            JAVA_INT.withName("stx_dev_major"), JAVA_INT.withName("stx_dev_minor"),
            JAVA_LONG.withName("stx_mnt_id"),
            JAVA_INT.withName("stx_dio_mem_align"), JAVA_INT.withName("stx_dio_offset_align"),
            MemoryLayout.sequenceLayout(12, JAVA_LONG).withName("__spare3"));

    private static final VarHandle MASK = field("stx_mask");
    private static final VarHandle NLINK = field("stx_nlink");
    private static final VarHandle UID = field("stx_uid");
    private static final VarHandle GID = field("stx_gid");
    private static final VarHandle MODE = field("stx_mode");
    private static final VarHandle INO = field("stx_ino");
    private static final VarHandle SIZE = field("stx_size");
    private static final VarHandle BLOCKS = field("stx_blocks");
    private static final VarHandle RDEV_MAJOR = field("stx_rdev_major");
    private static final VarHandle RDEV_MINOR = field("stx_rdev_minor");
    private static final VarHandle DEV_MAJOR = field("stx_dev_major");
    private static final VarHandle DEV_MINOR = field("stx_dev_minor");

    private static final long ATIME = LAYOUT.byteOffset(groupElement("stx_atime"));
    private static final long BTIME = LAYOUT.byteOffset(groupElement("stx_btime"));
    private static final long CTIME = LAYOUT.byteOffset(groupElement("stx_ctime"));
    private static final long MTIME = LAYOUT.byteOffset(groupElement("stx_mtime"));
    private static final long TV_SEC = TIMESTAMP.byteOffset(groupElement("tv_sec"));
    private static final long TV_NSEC = TIMESTAMP.byteOffset(groupElement("tv_nsec"));

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(groupElement(name));
    }

    /** Reads a filled {@code struct statx}. */
    static Statx read(MemorySegment s) {
        int mask = (int) MASK.get(s, 0L);
        return new Statx((int) DEV_MAJOR.get(s, 0L), (int) DEV_MINOR.get(s, 0L), (long) INO.get(s, 0L),
                Integer.toUnsignedLong((int) NLINK.get(s, 0L)), (int) UID.get(s, 0L), (int) GID.get(s, 0L),
                Short.toUnsignedInt((short) MODE.get(s, 0L)), (long) SIZE.get(s, 0L), (long) BLOCKS.get(s, 0L),
                time(s, ATIME), time(s, MTIME), time(s, CTIME),
                (mask & Libc.STATX_BTIME) != 0 ? time(s, BTIME) : null,
                (int) RDEV_MAJOR.get(s, 0L), (int) RDEV_MINOR.get(s, 0L));
    }

    private static Instant time(MemorySegment s, long at) {
        long sec = s.get(JAVA_LONG, at + TV_SEC);
        int nsec = s.get(JAVA_INT, at + TV_NSEC);
        return Instant.ofEpochSecond(sec, Integer.toUnsignedLong(nsec));
    }

    /** The file type from the mode. */
    public FileType type() {
        return FileType.ofMode(mode);
    }

    /** The 12 permission bits: {@code rwxrwxrwx} plus setuid (04000), setgid (02000), sticky (01000). */
    public int permissions() {
        return mode & 07777;
    }

    /** True if the setuid bit is set. */
    public boolean isSetuid() {
        return (mode & 04000) != 0;
    }

    /** True if the setgid bit is set. */
    public boolean isSetgid() {
        return (mode & 02000) != 0;
    }

    /** True if the sticky bit is set. */
    public boolean isSticky() {
        return (mode & 01000) != 0;
    }

    /** The device holding the file, encoded as glibc's {@code makedev} does (what {@code stat -c %d} prints). */
    public long dev() {
        return Posix.makedev(devMajor, devMinor);
    }

    /** The device number of a device node, encoded as glibc's {@code makedev}; 0 for other files. */
    public long rdev() {
        return Posix.makedev(rdevMajor, rdevMinor);
    }
}
