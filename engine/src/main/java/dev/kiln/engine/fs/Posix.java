package dev.kiln.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The POSIX calls that {@code java.nio} lacks or gets wrong for a rootfs: owner, mode, device nodes, times
 * and links of a path itself, never of what a symlink points to.
 *
 * <p>Thread-safe and stateless: every method is a static wrapper around one glibc call (see {@link Libc})
 * with its own confined arena. Paths are passed to C as UTF-8. Failures throw {@link PosixException}
 * naming the call, the path, what was asked and the errno. Why not {@code java.nio}: it cannot create
 * device nodes or FIFOs, reaches only {@code user.} xattrs, its {@code PosixFilePermission} has no
 * setuid/setgid/sticky bits, and {@code Files.setAttribute(p, "unix:mode", m, NOFOLLOW_LINKS)} changes
 * the mode of a link's TARGET, which in a rootfs could be a host file. None of these methods follows a symlink in the final component.
 *
 * <p>When restoring a file from a layer, apply owner, mode, xattrs, times in that order ({@link
 * #restore}): {@code chown} clears setuid/setgid and {@code security.capability}, and times go last
 * because writing into a file or directory moves its mtime again (ctime cannot be set at all).
 */
public final class Posix {

    private static final SequenceLayout TIMESPECS = MemoryLayout.sequenceLayout(2,
            MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec")));

    private Posix() {}

    /** {@code statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME)}: a link's own data. */
    public static Statx statx(Path path) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment buf = c.arena.allocate(Statx.LAYOUT);
            MemorySegment p = c.path(path);
            c.run("statx", path, "", () -> (int) Libc.Statx.HANDLE.invokeExact(c.state,
                    Libc.AT_FDCWD, p, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_MASK, buf));
            return Statx.read(buf);
        }
    }

    /**
     * {@code lchown(path, uid, gid)}: sets the owner of the path itself (a symlink's own owner). Pass -1
     * to leave one unchanged. Clears setuid/setgid of executables and {@code security.capability}.
     */
    public static void lchown(Path path, int uid, int gid) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment p = c.path(path);
            c.run("lchown", path, " to " + Integer.toUnsignedString(uid) + ":" + Integer.toUnsignedString(gid),
                    () -> (int) Libc.Lchown.HANDLE.invokeExact(c.state, p, uid, gid));
        }
    }

    /**
     * Sets the 12 permission bits (including setuid 04000, setgid 02000, sticky 01000) of a file that is
     * not a symlink, with {@code fchmodat(AT_FDCWD, path, mode, 0)}.
     *
     * <p>A symlink is refused with EOPNOTSUPP: links have no mode of their own on Linux and {@code
     * fchmodat} would change the target. The check is a {@code statx} just before the call; in between a
     * concurrent process could swap the file for a link, which is why this must only be used on trees no
     * untrusted process is running in (see the package documentation).
     *
     * @throws IllegalArgumentException if {@code permissions} has bits outside {@code 07777}
     */
    public static void chmod(Path path, int permissions) throws PosixException {
        checkPermissions(permissions);
        if (statx(path).type() == FileType.SYMLINK) {
            throw PosixException.of("chmod", path.toString(), " to " + octal(permissions)
                    + " (refused: a symbolic link has no mode, chmod would change its target)", Errno.EOPNOTSUPP);
        }
        fchmodat(path, permissions);
    }

    private static void fchmodat(Path path, int permissions) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment p = c.path(path);
            c.run("chmod", path, " to " + octal(permissions),
                    () -> (int) Libc.Fchmodat.HANDLE.invokeExact(c.state, Libc.AT_FDCWD, p, permissions, 0));
        }
    }

    /**
     * Creates a FIFO or device node ({@code mknod(2)}), then sets exactly {@code permissions}: mknod applies
     * the process umask, a chmod afterwards does not. Major and minor are ignored for FIFOs.
     *
     * @throws PosixException EEXIST if the path exists (even as a dangling symlink), EPERM without
     *                        CAP_MKNOD for devices
     */
    public static void mknod(Path path, FileType type, int permissions, int major, int minor) throws PosixException {
        checkPermissions(permissions);
        long dev = type.isDevice() ? makedev(major, minor) : 0L;
        int mode = type.bits() | permissions;
        String detail = " as " + type.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (type.isDevice() ? " " + Integer.toUnsignedString(major) + ":" + Integer.toUnsignedString(minor) : "");
        try (var c = new Libc.Call()) {
            MemorySegment p = c.path(path);
            c.run("mknod", path, detail, () -> (int) Libc.Mknod.HANDLE.invokeExact(c.state, p, mode, dev));
        }
        fchmodat(path, permissions);
    }

    /**
     * {@code utimensat(AT_FDCWD, path, {atime, mtime}, AT_SYMLINK_NOFOLLOW)}: sets the times of the path
     * itself, to the nanosecond. A {@code null} time is left unchanged ({@code UTIME_OMIT}).
     */
    public static void setTimes(Path path, Instant atime, Instant mtime) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment times = c.arena.allocate(TIMESPECS);
            putTime(times, 0, atime);
            putTime(times, TIMESPECS.elementLayout().byteSize(), mtime);
            MemorySegment p = c.path(path);
            c.run("utimensat", path, " atime " + (atime == null ? "unchanged" : atime)
                            + " mtime " + (mtime == null ? "unchanged" : mtime),
                    () -> (int) Libc.Utimensat.HANDLE.invokeExact(c.state, Libc.AT_FDCWD, p, times, Libc.AT_SYMLINK_NOFOLLOW));
        }
    }

    /** One {@code struct timespec}; seconds before 1970 are negative with positive nanoseconds, as in C. */
    private static void putTime(MemorySegment times, long offset, Instant t) {
        times.set(JAVA_LONG, offset, t == null ? 0L : t.getEpochSecond());
        times.set(JAVA_LONG, offset + JAVA_LONG.byteSize(), t == null ? Libc.UTIME_OMIT : t.getNano());
    }

    /** {@code readlink(path)}: the target of a symlink exactly as stored, decoded as UTF-8. EINVAL if not a link. */
    public static String readlink(Path path) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment p = c.path(path);
            for (long size = 256; ; size *= 2) {
                MemorySegment buf = c.arena.allocate(size);
                long n = c.run("readlink", path, "", () -> (long) Libc.Readlink.HANDLE.invokeExact(c.state, p, buf, buf.byteSize()));
                if (n < size) {
                    return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** {@code symlink(target, link)}: creates {@code link} pointing to {@code target}, stored verbatim. */
    public static void symlink(String target, Path link) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment t = c.string("symlink target", target);
            MemorySegment l = c.path(link);
            c.run("symlink", link, " -> " + target, () -> (int) Libc.Symlink.HANDLE.invokeExact(c.state, t, l));
        }
    }

    /** {@code link(existing, link)}: a hard link; if {@code existing} is a symlink, links the symlink itself. */
    public static void link(Path existing, Path link) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment e = c.path(existing);
            MemorySegment l = c.path(link);
            c.run("link", existing, " as " + link, () -> (int) Libc.Link.HANDLE.invokeExact(c.state, e, l));
        }
    }

    /**
     * {@code renameat2(a, b, RENAME_EXCHANGE)}: swaps the names {@code a} and {@code b} in one step, so that a
     * reader of either path sees one tree or the other, never nothing (both must exist, on one filesystem).
     *
     * @throws PosixException e.g. EINVAL where the filesystem cannot exchange
     */
    public static void renameExchange(Path a, Path b) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment from = c.path(a);
            MemorySegment to = c.path(b);
            c.run("renameat2", a, " exchanged with " + b, () -> (int) Libc.Renameat2.HANDLE.invokeExact(c.state,
                    Libc.AT_FDCWD, from, Libc.AT_FDCWD, to, Libc.RENAME_EXCHANGE));
        }
    }

    /**
     * Applies owner, mode, xattrs and times in the only order that keeps them all: {@code lchown} first
     * (it clears setuid/setgid and {@code security.capability}), then the mode (skipped for symlinks,
     * which have none), then each xattr, then the times last (every other change may touch them).
     */
    public static void restore(Path path, FileMetadata meta) throws PosixException {
        lchown(path, meta.uid(), meta.gid());
        if (statx(path).type() != FileType.SYMLINK) {
            fchmodat(path, meta.permissions());
        }
        for (Map.Entry<String, byte[]> x : meta.xattrs().entrySet()) {
            Xattrs.set(path, x.getKey(), x.getValue());
        }
        if (meta.atime() != null || meta.mtime() != null) {
            setTimes(path, meta.atime(), meta.mtime());
        }
    }

    /** A device number from major and minor, bit for bit as glibc's {@code makedev} (sys/sysmacros.h). */
    public static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32)
                | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
    }

    /** The major number of a device number, as glibc's {@code major}. */
    public static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L));
    }

    /** The minor number of a device number, as glibc's {@code minor}. */
    public static int minor(long dev) {
        return (int) ((dev & 0xffL) | ((dev >>> 12) & 0xffffff00L));
    }

    static void checkPermissions(int permissions) {
        if ((permissions & ~07777) != 0) {
            throw new IllegalArgumentException("permissions " + octal(permissions)
                    + " have bits outside 07777 (file type bits belong in FileType)");
        }
    }

    static String octal(int permissions) {
        return "0" + Integer.toOctalString(permissions);
    }
}
