package dev.kiln.engine.fs;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * A Linux error number with its symbolic name and glibc's English description, e.g. {@code ENOENT}
 * (2, "No such file or directory").
 *
 * <p>Immutable. It exists so that errors from native calls can be matched by name ({@code
 * e.errno().equals(Errno.ENOENT)}) and printed the same way on every machine: the table is our own
 * instead of {@code strerror(3)}, whose text depends on the locale. The numbers are those of
 * {@code asm-generic/errno-base.h} and {@code asm-generic/errno.h}, shared by x86_64 and aarch64.
 * A number outside the table becomes {@code errno N (Unknown error N)}, as glibc prints it.
 */
public record Errno(int number, String name, String description) implements Serializable {

    private static final Map<Integer, Errno> KNOWN = new HashMap<>();

    public static final Errno EPERM = known(1, "EPERM", "Operation not permitted");
    public static final Errno ENOENT = known(2, "ENOENT", "No such file or directory");
    public static final Errno ESRCH = known(3, "ESRCH", "No such process");
    public static final Errno EINTR = known(4, "EINTR", "Interrupted system call");
    public static final Errno EIO = known(5, "EIO", "Input/output error");
    public static final Errno ENXIO = known(6, "ENXIO", "No such device or address");
    public static final Errno E2BIG = known(7, "E2BIG", "Argument list too long");
    public static final Errno ENOEXEC = known(8, "ENOEXEC", "Exec format error");
    public static final Errno EBADF = known(9, "EBADF", "Bad file descriptor");
    public static final Errno ECHILD = known(10, "ECHILD", "No child processes");
    public static final Errno EAGAIN = known(11, "EAGAIN", "Resource temporarily unavailable");
    public static final Errno ENOMEM = known(12, "ENOMEM", "Cannot allocate memory");
    public static final Errno EACCES = known(13, "EACCES", "Permission denied");
    public static final Errno EFAULT = known(14, "EFAULT", "Bad address");
    public static final Errno ENOTBLK = known(15, "ENOTBLK", "Block device required");
    public static final Errno EBUSY = known(16, "EBUSY", "Device or resource busy");
    public static final Errno EEXIST = known(17, "EEXIST", "File exists");
    public static final Errno EXDEV = known(18, "EXDEV", "Invalid cross-device link");
    public static final Errno ENODEV = known(19, "ENODEV", "No such device");
    public static final Errno ENOTDIR = known(20, "ENOTDIR", "Not a directory");
    public static final Errno EISDIR = known(21, "EISDIR", "Is a directory");
    public static final Errno EINVAL = known(22, "EINVAL", "Invalid argument");
    public static final Errno ENFILE = known(23, "ENFILE", "Too many open files in system");
    public static final Errno EMFILE = known(24, "EMFILE", "Too many open files");
    public static final Errno ENOTTY = known(25, "ENOTTY", "Inappropriate ioctl for device");
    public static final Errno ETXTBSY = known(26, "ETXTBSY", "Text file busy");
    public static final Errno EFBIG = known(27, "EFBIG", "File too large");
    public static final Errno ENOSPC = known(28, "ENOSPC", "No space left on device");
    public static final Errno ESPIPE = known(29, "ESPIPE", "Illegal seek");
    public static final Errno EROFS = known(30, "EROFS", "Read-only file system");
    public static final Errno EMLINK = known(31, "EMLINK", "Too many links");
    public static final Errno EPIPE = known(32, "EPIPE", "Broken pipe");
    public static final Errno EDOM = known(33, "EDOM", "Numerical argument out of domain");
    public static final Errno ERANGE = known(34, "ERANGE", "Numerical result out of range");
    public static final Errno EDEADLK = known(35, "EDEADLK", "Resource deadlock avoided");
    public static final Errno ENAMETOOLONG = known(36, "ENAMETOOLONG", "File name too long");
    public static final Errno ENOLCK = known(37, "ENOLCK", "No locks available");
    public static final Errno ENOSYS = known(38, "ENOSYS", "Function not implemented");
    public static final Errno ENOTEMPTY = known(39, "ENOTEMPTY", "Directory not empty");
    public static final Errno ELOOP = known(40, "ELOOP", "Too many levels of symbolic links");
    /** Also returned by {@code lgetxattr}/{@code lremovexattr} for an absent attribute (ENOATTR). */
    public static final Errno ENODATA = known(61, "ENODATA", "No data available");
    public static final Errno EOVERFLOW = known(75, "EOVERFLOW", "Value too large for defined data type");
    public static final Errno EILSEQ = known(84, "EILSEQ", "Invalid or incomplete multibyte or wide character");
    /** Same number as {@link #ENOTSUP} on Linux; glibc names it EOPNOTSUPP. */
    public static final Errno EOPNOTSUPP = known(95, "EOPNOTSUPP", "Operation not supported");
    /** Alias of {@link #EOPNOTSUPP} (Linux defines both as 95). */
    public static final Errno ENOTSUP = EOPNOTSUPP;
    public static final Errno ESTALE = known(116, "ESTALE", "Stale file handle");
    public static final Errno EDQUOT = known(122, "EDQUOT", "Disk quota exceeded");

    private static Errno known(int number, String name, String description) {
        Errno e = new Errno(number, name, description);
        KNOWN.put(number, e);
        return e;
    }

    /** The entry for {@code number}; unknown numbers get a generic name, never {@code null}. */
    public static Errno of(int number) {
        Errno e = KNOWN.get(number);
        return e != null ? e : new Errno(number, "errno " + number, "Unknown error " + number);
    }

    /** {@code NAME (description)}, the form used in every error message of this package. */
    @Override
    public String toString() {
        return name + " (" + description + ")";
    }
}
