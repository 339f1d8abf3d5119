package dev.kiln.engine.fs;

import java.nio.file.FileSystemException;

/**
 * A failed POSIX call (or a path resolution that failed the way the kernel would), naming the call, the
 * path, what was asked, and the errno: {@code lchown /x/y to 1000:1000: EPERM (Operation not permitted)}.
 *
 * <p>Immutable. It is a {@link FileSystemException} so that generic I/O handlers still see the file
 * ({@link #getFile()}) and the reason ({@link #getReason()}, e.g. {@code EPERM (Operation not
 * permitted)}). ENOENT is the one errno callers routinely branch on, so it gets its own subclass {@link
 * NotFound}; Java's single inheritance keeps it from also being a {@link
 * java.nio.file.NoSuchFileException}, so catch {@code PosixException.NotFound} (or test {@link
 * #errno()}) instead. Create instances with {@link #of}, which picks the subclass.
 */
public sealed class PosixException extends FileSystemException permits PosixException.NotFound {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final String detail;
    private final Errno errno;

    PosixException(String call, String path, String detail, Errno errno) {
        super(path, null, errno.toString());
        this.call = call;
        this.detail = detail;
        this.errno = errno;
    }

    /**
     * The exception for {@code errno} from {@code call} on {@code path}.
     *
     * @param call   the C function or action, e.g. {@code lchown} or {@code resolve}
     * @param path   the path the call was given, as the user would recognise it
     * @param detail what was asked beyond the path, starting with a space (e.g. {@code " to 0:0"}), or empty
     * @param errno  the error
     */
    public static PosixException of(String call, String path, String detail, Errno errno) {
        return errno.number() == Errno.ENOENT.number()
                ? new NotFound(call, path, detail)
                : new PosixException(call, path, detail, errno);
    }

    /** The C function or action that failed, e.g. {@code lchown}. */
    public String call() {
        return call;
    }

    /** The path the call was given (same as {@link #getFile()}). */
    public String path() {
        return getFile();
    }

    /** The error number with its name. */
    public Errno errno() {
        return errno;
    }

    /** True if this is the given errno, e.g. {@code e.is(Errno.ENODATA)}. */
    public boolean is(Errno other) {
        return errno.number() == other.number();
    }

    @Override
    public String getMessage() {
        return call + " " + getFile() + detail + ": " + errno;
    }

    /** ENOENT: the path, or a directory on the way to it, does not exist. */
    public static final class NotFound extends PosixException {
        private static final long serialVersionUID = 1L;

        NotFound(String call, String path, String detail) {
            super(call, path, detail, Errno.ENOENT);
        }
    }
}
