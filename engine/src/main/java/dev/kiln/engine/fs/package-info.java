/**
 * POSIX file operations through {@code java.lang.foreign}, and safe resolution of container paths inside
 * a rootfs.
 *
 * <h2>Why FFM</h2>
 * Building an image means writing files exactly as a layer describes them: owner of a symlink itself,
 * setuid/setgid/sticky bits, device nodes and FIFOs, {@code security.capability} and {@code trusted.}
 * xattrs, nanosecond times of links. {@code java.nio} cannot create device nodes, reaches only
 * {@code user.} xattrs, and {@code Files.setAttribute(p, "unix:mode", m, NOFOLLOW_LINKS)} changes the mode
 * of the link's target, which in a rootfs may be a host file. JNI would need a native build per
 * architecture; the Foreign Function and Memory API (JEP 454, final in Java 22) calls glibc directly with
 * no native code of our own. {@link dev.kiln.engine.fs.Posix} and {@link dev.kiln.engine.fs.Xattrs} wrap
 * one glibc call each ({@code lchown}, {@code fchmodat}, {@code mknod}, {@code utimensat}, {@code statx},
 * {@code readlink}, {@code symlink}, {@code link}, {@code renameat2}, {@code l*xattr}); struct layouts ({@code struct statx},
 * {@code struct timespec[2]}) are {@link java.lang.foreign.MemoryLayout}s. Supported: glibc 2.33+ on
 * x86_64 and aarch64 Linux, whose LP64 types and errno numbers are identical. The JVM needs
 * {@code --enable-native-access=ALL-UNNAMED} (or the {@code Enable-Native-Access} manifest attribute)
 * to run them without a warning. Path and xattr names go to C as UTF-8; run the JVM in a UTF-8 locale
 * (e.g. {@code LANG=C.UTF-8}), since in the C locale {@code java.nio} itself decodes file names as ASCII
 * ({@code sun.jnu.encoding}) and non-ASCII names would not round-trip.
 *
 * <h2>Never follow links</h2>
 * Every call acts on the path itself: {@code lchown}, {@code l*xattr}, {@code statx} and
 * {@code utimensat} with {@code AT_SYMLINK_NOFOLLOW}, {@code link} without {@code AT_SYMLINK_FOLLOW}.
 * {@code chmod} refuses a symlink (EOPNOTSUPP) instead of following it. Symlinks in the middle of a path
 * are the job of {@link dev.kiln.engine.fs.Rootfs}: callers first resolve a container path inside the
 * root (every link re-rooted, {@code ..} clamped at the root, at most 40 links), then call these
 * functions on the resulting host path. Rootfs documents its TOCTOU limits: it is exact for trees no
 * other process modifies concurrently, which holds for COPY, ADD and layer extraction.
 *
 * <h2>Errors</h2>
 * {@code errno} is captured by the linker right after the call ({@code Linker.Option.captureCallState}),
 * before the JVM can overwrite it, into memory of that call alone. It becomes a
 * {@link dev.kiln.engine.fs.PosixException} whose message names the call, the path, what was asked and
 * the errno with its name and text from our own table ({@link dev.kiln.engine.fs.Errno}, not the
 * locale-dependent {@code strerror}): {@code lchown /x/y to 1000:1000: EPERM (Operation not permitted)}.
 * ENOENT is the subclass {@link dev.kiln.engine.fs.PosixException.NotFound}.
 *
 * <h2>Threads</h2>
 * All types are immutable or stateless; every native call allocates in its own confined
 * {@link java.lang.foreign.Arena}, closed when the call returns. Any thread may call anything; calls block
 * (they are system calls), so run them off the event loop.
 *
 * <h2>Order of restoring metadata</h2>
 * chown, then chmod, then xattrs, then times ({@link dev.kiln.engine.fs.Posix#restore}): {@code chown}
 * clears setuid/setgid and {@code security.capability}; {@code mknod} applies the umask, so modes are
 * always set with an explicit chmod afterwards.
 */
package dev.kiln.engine.fs;
