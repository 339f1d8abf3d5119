package dev.kiln.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Extended attributes of a path itself ({@code lsetxattr}, {@code lgetxattr}, {@code llistxattr},
 * {@code lremovexattr}; https://man7.org/linux/man-pages/man7/xattr.7.html), in every namespace.
 *
 * <p>Thread-safe and stateless, like {@link Posix}. It exists because {@code java.nio}'s
 * {@code UserDefinedFileAttributeView} reaches only {@code user.} attributes, while image layers carry
 * {@code security.capability} (file capabilities, needs CAP_SETFCAP) and {@code trusted.} ones (needs
 * CAP_SYS_ADMIN). Names are UTF-8; values are raw bytes. The kernel refuses {@code user.} attributes on
 * symlinks and device nodes (EPERM), and filesystems without xattr support answer EOPNOTSUPP.
 */
public final class Xattrs {

    private Xattrs() {}

    /** Creates or replaces attribute {@code name} of the path (not of a symlink's target). */
    public static void set(Path path, String name, byte[] value) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment p = c.path(path);
            MemorySegment n = c.string("xattr name", name);
            MemorySegment v = c.arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
            c.run("lsetxattr", path, " " + name + " (" + value.length + " bytes)",
                    () -> (int) Libc.Lsetxattr.HANDLE.invokeExact(c.state, p, n, v, (long) value.length, 0));
        }
    }

    /** The value of attribute {@code name}, or empty if the path has no such attribute (ENODATA). */
    public static Optional<byte[]> get(Path path, String name) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment p = c.path(path);
            MemorySegment n = c.string("xattr name", name);
            String detail = " " + name;
            while (true) {
                long size;
                try {
                    size = c.run("lgetxattr", path, detail,
                            () -> (long) Libc.Lgetxattr.HANDLE.invokeExact(c.state, p, n, MemorySegment.NULL, 0L));
                } catch (PosixException e) {
                    if (e.is(Errno.ENODATA)) {
                        return Optional.empty();
                    }
                    throw e;
                }
                MemorySegment buf = c.arena.allocate(Math.max(1, size));
                try {
                    long got = c.run("lgetxattr", path, detail,
                            () -> (long) Libc.Lgetxattr.HANDLE.invokeExact(c.state, p, n, buf, buf.byteSize()));
                    return Optional.of(buf.asSlice(0, got).toArray(JAVA_BYTE));
                } catch (PosixException e) {
                    if (e.is(Errno.ENODATA)) {
                        return Optional.empty();
                    }
                    if (!e.is(Errno.ERANGE)) {
                        throw e;
                    }
                    // grew between the size query and the read: ask again
                }
            }
        }
    }

    /** The names of all attributes of the path, in the order the filesystem lists them. */
    public static List<String> list(Path path) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment p = c.path(path);
            while (true) {
                long size = c.run("llistxattr", path, "",
                        () -> (long) Libc.Llistxattr.HANDLE.invokeExact(c.state, p, MemorySegment.NULL, 0L));
                if (size == 0) {
                    return List.of();
                }
                MemorySegment buf = c.arena.allocate(size);
                long got;
                try {
                    got = c.run("llistxattr", path, "",
                            () -> (long) Libc.Llistxattr.HANDLE.invokeExact(c.state, p, buf, buf.byteSize()));
                } catch (PosixException e) {
                    if (e.is(Errno.ERANGE)) {
                        continue;
                    }
                    throw e;
                }
                return splitNames(buf.asSlice(0, got).toArray(JAVA_BYTE));
            }
        }
    }

    /** Removes attribute {@code name}; false if the path had no such attribute (ENODATA). */
    public static boolean remove(Path path, String name) throws PosixException {
        try (var c = new Libc.Call()) {
            MemorySegment p = c.path(path);
            MemorySegment n = c.string("xattr name", name);
            c.run("lremovexattr", path, " " + name, () -> (int) Libc.Lremovexattr.HANDLE.invokeExact(c.state, p, n));
            return true;
        } catch (PosixException e) {
            if (e.is(Errno.ENODATA)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * All attributes of the path, sorted by name so that tar headers and snapshots come out the same on
     * every filesystem. An attribute removed between listing and reading is left out.
     */
    public static SortedMap<String, byte[]> getAll(Path path) throws PosixException {
        SortedMap<String, byte[]> all = new TreeMap<>();
        for (String name : list(path)) {
            get(path, name).ifPresent(v -> all.put(name, v));
        }
        return Collections.unmodifiableSortedMap(all);
    }

    private static List<String> splitNames(byte[] list) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                if (i > start) {
                    names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return List.copyOf(names);
    }
}
