package dev.kiln.engine.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Downcall handles into glibc and the per-call scratch memory, shared by {@link Posix} and {@link Xattrs}.
 *
 * <p>Thread-safe: the handles are immutable and every call gets its own confined {@link Call} (arena plus
 * errno capture), so concurrent calls share nothing. Types follow the LP64 ABI of x86_64 and aarch64
 * Linux: {@code uid_t}, {@code gid_t}, {@code mode_t} are 32 bits, {@code dev_t}, {@code size_t},
 * {@code ssize_t} 64 bits. The class fails to initialise on any other platform rather than pass
 * wrongly sized arguments.
 */
final class Libc {

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code STATX_BASIC_STATS | STATX_BTIME}: everything {@code stat(2)} has, plus the birth time. */
    static final int STATX_MASK = 0x7ff | 0x800;
    static final int STATX_BTIME = 0x800;
    static final long UTIME_OMIT = (1L << 30) - 2L;
    static final int RENAME_EXCHANGE = 2;

    private static final Linker LINKER;
    private static final StructLayout CAPTURE;
    private static final VarHandle ERRNO;

    static {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            throw new UnsupportedOperationException(
                    "POSIX calls need glibc on Linux x86_64 or aarch64; this is " + os + "/" + arch);
        }
        LINKER = Linker.nativeLinker();
        CAPTURE = Linker.Option.captureStateLayout();
        ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    }

    // One holder class per function, so that each handle is linked on the first call of its function.
    // Linking generates stub and adapter classes: several milliseconds per handle before the JIT has run.
    // A build that never meets an xattr or a device node thus never links those, instead of all of them
    // being linked when the first file is written. A static final field is still a constant to the JIT.
    static final class Lchown {
        static final MethodHandle HANDLE = fn("lchown", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);

        private Lchown() {}
    }

    static final class Fchmodat {
        static final MethodHandle HANDLE = fn("fchmodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);

        private Fchmodat() {}
    }

    /** {@code mknod} is a real symbol since glibc 2.33 (before it was an inline around __xmknod). */
    static final class Mknod {
        static final MethodHandle HANDLE = fn("mknod", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);

        private Mknod() {}
    }

    static final class Utimensat {
        static final MethodHandle HANDLE = fn("utimensat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);

        private Utimensat() {}
    }

    static final class Statx {
        static final MethodHandle HANDLE = fn("statx", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);

        private Statx() {}
    }

    static final class Readlink {
        static final MethodHandle HANDLE = fn("readlink", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);

        private Readlink() {}
    }

    static final class Symlink {
        static final MethodHandle HANDLE = fn("symlink", JAVA_INT, ADDRESS, ADDRESS);

        private Symlink() {}
    }

    static final class Link {
        static final MethodHandle HANDLE = fn("link", JAVA_INT, ADDRESS, ADDRESS);

        private Link() {}
    }

    /** {@code renameat2} is in glibc since 2.28. */
    static final class Renameat2 {
        static final MethodHandle HANDLE = fn("renameat2", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);

        private Renameat2() {}
    }

    static final class Lsetxattr {
        static final MethodHandle HANDLE = fn("lsetxattr", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);

        private Lsetxattr() {}
    }

    static final class Lgetxattr {
        static final MethodHandle HANDLE = fn("lgetxattr", JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);

        private Lgetxattr() {}
    }

    static final class Llistxattr {
        static final MethodHandle HANDLE = fn("llistxattr", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);

        private Llistxattr() {}
    }

    static final class Lremovexattr {
        static final MethodHandle HANDLE = fn("lremovexattr", JAVA_INT, ADDRESS, ADDRESS);

        private Lremovexattr() {}
    }

    private Libc() {}

    @SuppressWarnings("restricted") // native access is the point of this class; see package-info
    private static MethodHandle fn(String name, ValueLayout result, MemoryLayout... args) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() ->
                new UnsupportedOperationException("look up " + name + " in the C library: symbol not found"
                        + " (Kiln needs glibc 2.33 or newer)"));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(result, args),
                Linker.Option.captureCallState("errno"));
    }

    /** The body of one downcall; returns the C result widened to long. */
    @FunctionalInterface
    interface Downcall {
        long invoke() throws Throwable;
    }

    /**
     * Scratch memory for one native call: a confined arena for C strings and structs, and the segment
     * into which the linker captures {@code errno} right after the call (before the JVM can clobber it).
     * Not thread-safe; use with try-with-resources on the calling thread.
     */
    static final class Call implements AutoCloseable {
        final Arena arena = Arena.ofConfined();
        final MemorySegment state = arena.allocate(CAPTURE);

        /** A NUL-terminated UTF-8 copy of the path (Java paths cannot contain NUL). */
        MemorySegment path(Path path) {
            return arena.allocateFrom(path.toString());
        }

        /** A NUL-terminated UTF-8 copy of {@code s}; an embedded NUL would silently cut it, so refuse. */
        MemorySegment string(String what, String s) {
            int nul = s.indexOf('\0');
            if (nul >= 0) {
                throw new IllegalArgumentException(what + " contains a NUL character at index " + nul);
            }
            return arena.allocateFrom(s);
        }

        int errno() {
            return (int) ERRNO.get(state, 0L);
        }

        /**
         * Runs the downcall and returns its result; -1 becomes a {@link PosixException} naming the call,
         * the path and {@code detail}.
         */
        long run(String call, Path path, String detail, Downcall body) throws PosixException {
            long rc;
            try {
                rc = body.invoke();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(call + " " + path + ": unexpected " + t, t);
            }
            if (rc == -1) {
                throw PosixException.of(call, path.toString(), detail, Errno.of(errno()));
            }
            return rc;
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
