package dev.kiln.engine.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves paths as seen inside a container to host paths under its root directory, as if the root were
 * {@code /} (the semantics of {@code chroot} path lookup and of {@code openat2(RESOLVE_IN_ROOT)}).
 *
 * <p>Every component is looked up with {@code statx} without following; a symlink is read with {@code
 * readlink} and its target is walked again inside the root: an absolute target restarts at the root, a
 * relative one continues from the link's directory, and {@code ..} at the root stays at the root. So no
 * path, link or chain of links can lead out of the root. At most {@value #MAX_SYMLINKS} links are followed
 * per resolution, as Linux's {@code MAXSYMLINKS}; one more fails with ELOOP. Components that do not exist
 * end the walk: the rest is appended as given (a "tail"), so that files can be created; {@code ..} inside
 * such a tail is applied lexically (where Linux would fail with ENOENT), and whatever follows it is
 * checked again, so this cannot escape either. A trailing {@code /} means the last component must be a
 * directory, and it is followed even in no-follow mode, as in the kernel.
 *
 * <p>What this guarantees, and what not (TOCTOU): at the moment each component was looked up, the
 * returned path contained no symlink below the root except, in {@link #resolveNoFollow} mode, the last
 * component, and every existing component but the last was a directory. The caller then uses it as a
 * plain host path and the kernel walks it again; if another process changed the tree in between (say,
 * replaced a directory with a link to {@code /}), that second walk follows the new link out of the root.
 * So the result is exact only while nobody else modifies the tree. That holds where Kiln uses it: COPY,
 * ADD and layer extraction run when no process of the build is running in the rootfs, and the links
 * the build itself creates (from layers or earlier steps) are exactly what this resolves safely. When
 * creating a tree, resolve each entry just before writing it, so links made by earlier entries are seen.
 * It is no defence against a concurrently running untrusted process; that needs
 * {@code openat2(RESOLVE_IN_ROOT)} on directory file descriptors, which {@code java.nio} cannot use.
 *
 * <p>Immutable and thread-safe: it holds only the root, which was made absolute and symlink-free
 * ({@link Path#toRealPath}) when constructed. Names are handled as UTF-8 strings: a link target that is
 * not valid UTF-8 is decoded lossily and will then not be found (the result still lies inside the root).
 */
public final class Rootfs {

    /** Most symlinks followed in one resolution, as Linux's {@code MAXSYMLINKS} (40). */
    public static final int MAX_SYMLINKS = 40;

    private final Path root;

    /**
     * A resolver for the directory {@code root}.
     *
     * @throws IOException if root does not exist or is not a directory
     */
    public Rootfs(Path root) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(real.toString());
        }
        this.root = real;
    }

    /** The root directory on the host (absolute, without symlinks). */
    public Path root() {
        return root;
    }

    /**
     * The host path of {@code path}, following every symlink including the last component, as
     * {@code open} or {@code stat} would inside the container. Relative paths start at the root.
     *
     * @throws PosixException ENOENT for an empty path, ENOTDIR if a non-directory has components after it,
     *                        ELOOP after {@value #MAX_SYMLINKS} links, EINVAL for a NUL character, and
     *                        errors of {@code statx}/{@code readlink} (e.g. EACCES)
     */
    public Path resolve(String path) throws PosixException {
        return walk(path, true);
    }

    /**
     * The host path of {@code path}, following symlinks in every component but the last, as
     * {@code lstat}, {@code lchown} or {@code unlink} would inside the container. Use it to act on a
     * link itself, or to create or replace the last component.
     *
     * @throws PosixException as {@link #resolve}
     */
    public Path resolveNoFollow(String path) throws PosixException {
        return walk(path, false);
    }

    /**
     * The path inside the container of a host path under the root, e.g. {@code /etc/passwd}. No symlinks
     * are read: it is the inverse of resolution only for paths that {@link #resolve} returned.
     *
     * @throws IllegalArgumentException if {@code host} is not under the root
     */
    public String containerPath(Path host) {
        Path abs = host.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            throw new IllegalArgumentException("container path of " + host + ": not under the root " + root);
        }
        String rel = root.relativize(abs).toString();
        return "/" + rel;
    }

    private Path walk(String path, boolean followLast) throws PosixException {
        if (path.isEmpty()) {
            throw fail(path, "", Errno.ENOENT);
        }
        if (path.indexOf('\0') >= 0) {
            throw fail(path.replace("\0", "\\0"), " (NUL character in path)", Errno.EINVAL);
        }
        Deque<String> pending = new ArrayDeque<>();
        pushFront(pending, path);
        List<String> done = new ArrayList<>();
        int verified = 0; // leading entries of done that exist and are directories (or the final file)
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.removeLast();
                    verified = Math.min(verified, done.size());
                }
                continue;
            }
            done.add(name);
            if (verified < done.size() - 1) {
                continue; // below a missing directory: part of the tail
            }
            Path host = host(done);
            Statx st;
            try {
                st = Posix.statx(host);
            } catch (PosixException.NotFound e) {
                continue; // the tail starts here
            }
            boolean last = pending.isEmpty();
            switch (st.type()) {
                case DIRECTORY -> verified = done.size();
                case SYMLINK -> {
                    if (last && !followLast) {
                        verified = done.size();
                        break;
                    }
                    if (++links > MAX_SYMLINKS) {
                        throw fail(path, " at " + display(done) + " (more than " + MAX_SYMLINKS
                                + " symbolic links)", Errno.ELOOP);
                    }
                    String target = Posix.readlink(host);
                    done.removeLast();
                    if (target.startsWith("/")) {
                        done.clear();
                        verified = 0;
                    }
                    pushFront(pending, target);
                }
                default -> {
                    if (!last) {
                        throw fail(path, " at " + display(done), Errno.ENOTDIR);
                    }
                    verified = done.size();
                }
            }
        }
        return host(done);
    }

    /**
     * Puts the components of {@code path} in front of {@code pending}. A trailing slash becomes a final
     * {@code .}, which makes the component before it non-final: it is then followed and must be a
     * directory, exactly the kernel's rule.
     */
    private static void pushFront(Deque<String> pending, String path) {
        String[] parts = path.split("/+");
        if (path.endsWith("/")) {
            pending.addFirst(".");
        }
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) {
                pending.addFirst(parts[i]);
            }
        }
    }

    private Path host(List<String> components) {
        return components.isEmpty() ? root : root.resolve(String.join("/", components));
    }

    private static String display(List<String> components) {
        return "/" + String.join("/", components);
    }

    private PosixException fail(String path, String detail, Errno errno) {
        return PosixException.of("resolve", path.isEmpty() ? "\"\"" : path, " in " + root + detail, errno);
    }
}
