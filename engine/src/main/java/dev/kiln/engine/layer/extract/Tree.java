package dev.kiln.engine.layer.extract;

import static dev.kiln.engine.layer.ExtractException.Reason.CONFLICT;
import static dev.kiln.engine.layer.ExtractException.Reason.FILESYSTEM;

import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rootfs as one layer's extraction sees it: safe resolution of parent directories (through {@link
 * Rootfs}, so symlinks are followed but never out of the root), what this layer has written (whiteouts
 * hide lower-layer content only), removal, and the directory times to set at the end.
 *
 * <p>Not thread-safe: one per extraction. Resolved directories are cached by container path; any removal
 * clears the cache, since only a removal can turn a cached directory into something else (a new symlink
 * can only appear where nothing, or something just removed, was).
 *
 * <p>Paths the options keep ({@link ExtractOptions#keep}) are never removed: a removal walks around them
 * and leaves their ancestors in place.
 */
final class Tree {

    /**
     * A directory's mode and times are set after all entries, when no child will be written into it any
     * more: writing a child moves the mtime, and a read-only mode (0555) would stop a non-root extractor.
     */
    private record Deferred(long ino, int mode, Instant atime, Instant mtime) {}

    final Path root;
    private final Rootfs rootfs;
    private final Context ctx;
    private final boolean chown;
    private final Predicate<String> keep;
    private final boolean keeps;
    private final Map<String, Path> dirs = new HashMap<>();
    private final Set<Path> touched = new HashSet<>();
    private final Map<Path, Deferred> deferred = new LinkedHashMap<>();

    Tree(Rootfs rootfs, Context ctx, boolean chown, Predicate<String> keep) {
        this.rootfs = rootfs;
        this.root = rootfs.root();
        this.ctx = ctx;
        this.chown = chown;
        this.keep = keep;
        this.keeps = keep != ExtractOptions.KEEP_NOTHING;
    }

    /**
     * True if the entry at {@code parts} must be left alone: its name as written is kept, or the path it
     * resolves to (parents followed through symlinks inside the root, nothing created) is. A parent that
     * cannot be resolved is not judged here: applying the entry reports it.
     */
    boolean keeps(List<String> parts) {
        if (!keeps || parts.isEmpty()) {
            return false;
        }
        if (keep.test("/" + EntryPath.join(parts))) {
            return true;
        }
        String parentKey = EntryPath.join(parts.subList(0, parts.size() - 1));
        Path parent = dirs.get(parentKey);
        if (parent == null) {
            try {
                parent = parentKey.isEmpty() ? root : rootfs.resolve(parentKey);
            } catch (PosixException e) {
                return false;
            }
        }
        return kept(parent.resolve(parts.getLast()));
    }

    /** True if the host path {@code p} (under the root) is one the options keep. */
    private boolean kept(Path p) {
        return keeps && !p.equals(root) && keep.test(rootfs.containerPath(p));
    }

    /**
     * The host directory for the container directory {@code key} (components joined by {@code /}), parents
     * resolved through symlinks inside the root. Missing directories are created with Docker's defaults,
     * 0755 root:root, when {@code create}; otherwise null is returned for a missing or non-directory path.
     */
    Path directory(String key, boolean create) throws IOException {
        Path cached = dirs.get(key);
        if (cached != null) {
            return cached;
        }
        Path host;
        try {
            host = key.isEmpty() ? root : rootfs.resolve(key);
        } catch (PosixException e) {
            if (e.is(Errno.ENOTDIR) && !create) {
                return null;
            }
            throw ctx.fail(e.is(Errno.ENOTDIR) ? CONFLICT : FILESYSTEM, "parent directory \"" + key
                    + "\" cannot be resolved: " + e.getMessage(), e);
        }
        Statx st = statx(host);
        if (st == null) {
            if (!create) {
                return null;
            }
            createMissing(host);
        } else if (st.type() != FileType.DIRECTORY) {
            if (!create) {
                return null;
            }
            throw ctx.fail(CONFLICT, "parent \"" + key + "\" is not a directory but a " + describe(st.type()));
        }
        dirs.put(key, host);
        return host;
    }

    private void createMissing(Path host) throws IOException {
        Path p = root;
        for (Path c : root.relativize(host)) {
            p = p.resolve(c.toString());
            Statx st = statx(p);
            if (st == null) {
                try {
                    Files.createDirectory(p);
                    if (chown) {
                        Posix.lchown(p, 0, 0);
                    }
                    Posix.chmod(p, 0755);
                } catch (IOException e) {
                    throw ctx.fail(FILESYSTEM, "create parent directory " + root.relativize(p) + ": " + e.getMessage(), e);
                }
            } else if (st.type() != FileType.DIRECTORY) {
                throw ctx.fail(CONFLICT, "parent " + root.relativize(p) + " is not a directory");
            }
        }
    }

    /** A file type in words: "regular file", "symlink", "char device". */
    static String describe(FileType type) {
        return switch (type) {
            case REGULAR -> "regular file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symlink";
            case CHAR_DEVICE -> "char device";
            case BLOCK_DEVICE -> "block device";
            case FIFO -> "fifo";
            case SOCKET -> "socket";
        };
    }

    /** statx without following, or null if the path does not exist. */
    Statx statx(Path p) throws IOException {
        try {
            return Posix.statx(p);
        } catch (PosixException.NotFound e) {
            return null;
        } catch (PosixException e) {
            throw ctx.fail(FILESYSTEM, e.getMessage(), e);
        }
    }

    /** Records that this layer wrote {@code p}; its ancestors are then also kept by whiteouts. */
    void touch(Path p) {
        for (Path q = p; q != null && q.startsWith(root) && touched.add(q); q = q.getParent()) {
            // add ancestors until one is already known (then all of its ancestors are)
        }
    }

    /**
     * Removes {@code p} (a whole tree for a directory, never following symlinks) and forgets cached
     * directories. Kept paths stay, and so do the directories above them: returns false if {@code p}
     * could therefore not be removed entirely.
     */
    boolean remove(Path p, Statx st) throws IOException {
        dirs.clear();
        try {
            if (kept(p)) {
                return false;
            }
            if (st.type() != FileType.DIRECTORY) {
                Files.delete(p);
                return true;
            }
            if (keeps) {
                return removeAround(p);
            }
            RootfsCleaner.delete(p);
            return true;
        } catch (IOException e) {
            throw ctx.fail(FILESYSTEM, "remove " + root.relativize(p) + ": " + e, e);
        }
    }

    /** Empties and removes the directory {@code dir} except for kept paths; true if it is gone. */
    private boolean removeAround(Path dir) throws IOException {
        boolean keptSome = false;
        for (Path child : children(dir)) {
            Statx st = statx(child);
            if (st == null) {
                continue;
            }
            if (kept(child)) {
                keptSome = true;
            } else if (st.type() == FileType.DIRECTORY) {
                keptSome |= !removeAround(child);
            } else {
                Files.delete(child);
            }
        }
        if (!keptSome) {
            Files.delete(dir);
        }
        return !keptSome;
    }

    /**
     * Hides lower-layer content at {@code p}: removes it unless this layer wrote it; if this layer wrote
     * it (or something below it) and it is a directory, does the same for each child. Returns whether
     * anything was removed.
     */
    boolean prune(Path p) throws IOException {
        Statx st = statx(p);
        if (st == null) {
            return false;
        }
        if (!touched.contains(p)) {
            remove(p, st);
            return true;
        }
        boolean removed = false;
        if (st.type() == FileType.DIRECTORY) {
            for (Path child : children(p)) {
                removed |= prune(child);
            }
        }
        return removed;
    }

    List<Path> children(Path dir) throws IOException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(list::add);
        } catch (IOException e) {
            throw ctx.fail(FILESYSTEM, "list " + root.relativize(dir) + ": " + e, e);
        }
        return list;
    }

    void defer(Path dir, long ino, int mode, Instant atime, Instant mtime) {
        deferred.put(dir, new Deferred(ino, mode, atime, mtime));
    }

    /** Sets the deferred directory modes and times, skipping directories removed or replaced since. */
    void finish() throws IOException {
        for (Map.Entry<Path, Deferred> d : deferred.entrySet()) {
            ctx.entry = "/" + root.relativize(d.getKey());
            Statx st = statx(d.getKey());
            if (st != null && st.type() == FileType.DIRECTORY && st.ino() == d.getValue().ino()) {
                try {
                    Posix.chmod(d.getKey(), d.getValue().mode());
                    Posix.setTimes(d.getKey(), d.getValue().atime(), d.getValue().mtime());
                } catch (PosixException e) {
                    throw ctx.fail(FILESYSTEM, e.getMessage(), e);
                }
            }
        }
        ctx.entry = null;
    }
}
