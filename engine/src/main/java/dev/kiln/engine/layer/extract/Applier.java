package dev.kiln.engine.layer.extract;

import static dev.kiln.engine.layer.ExtractException.Reason.CONFLICT;
import static dev.kiln.engine.layer.ExtractException.Reason.FILESYSTEM;
import static dev.kiln.engine.layer.ExtractException.Reason.UNSAFE_LINK;
import static dev.kiln.engine.layer.ExtractException.Reason.UNSAFE_PATH;

import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.layer.Whiteouts;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Applies tar entries to a rootfs with the OCI layer semantics
 * (https://github.com/opencontainers/image-spec/blob/main/layer.md#applying-changesets): an entry
 * replaces what is at its path, except that a directory merges into an existing directory; whiteouts
 * and opaque markers hide lower-layer content only; hardlinks point at content already in the rootfs.
 *
 * <p>Safety: the parent of every entry is resolved through {@link Tree#directory}, so parents follow
 * symlinks but stay inside the root; the last component is never followed: it is removed and created
 * anew ({@code O_CREAT|O_EXCL|O_NOFOLLOW} for files), and metadata calls act on the path itself.
 *
 * <p>Not thread-safe: one per extraction.
 */
final class Applier {

    private final Context ctx;
    private final Tree tree;
    private final boolean chown;
    private final byte[] buffer = new byte[128 * 1024];

    private long entries;
    private long files;
    private long directories;
    private long symlinks;
    private long hardlinks;
    private long nodes;
    private long whiteouts;
    private long skipped;
    private long contentBytes;

    Applier(Context ctx, Tree tree, boolean chown) {
        this.ctx = ctx;
        this.tree = tree;
        this.chown = chown;
    }

    /** Applies one entry; {@code content} supplies a regular file's data. */
    void apply(TarEntry e, InputStream content) throws IOException {
        ctx.entry = e.name();
        entries++;
        List<String> parts = components(e.name(), UNSAFE_PATH, "name");
        if (parts.isEmpty()) {
            applyRoot(e);
            return;
        }
        String base = parts.getLast();
        String parentKey = EntryPath.join(parts.subList(0, parts.size() - 1));
        if (Whiteouts.isWhiteout(base)) {
            whiteout(base, parts.subList(0, parts.size() - 1));
            return;
        }
        if (tree.keeps(parts)) {
            skipped++; // kaniko's ignore list in an in-place build: the container's own files stay
            return;
        }
        Path target = tree.directory(parentKey, true).resolve(base);
        try {
            switch (e.type()) {
                case DIRECTORY -> directory(e, target, EntryPath.join(parts));
                case REGULAR -> regular(e, target, content);
                case SYMLINK -> symlink(e, target);
                case HARDLINK -> hardlink(e, target);
                case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> node(e, target);
            }
        } catch (ReadFailure x) {
            throw x.getCause(); // the stream is corrupt or truncated: not a filesystem problem
        } catch (dev.kiln.engine.layer.ExtractException x) {
            throw x;
        } catch (IOException x) {
            throw ctx.fail(FILESYSTEM, describe(x), x);
        }
        tree.touch(target);
    }

    /** Sets the deferred directory times; call after the last entry. */
    void finish() throws IOException {
        ctx.entry = null;
        tree.finish();
    }

    ExtractResult.Counts counts() {
        return new ExtractResult.Counts(entries, files, directories, symlinks, hardlinks, nodes, whiteouts, skipped);
    }

    long contentBytes() {
        return contentBytes;
    }

    private List<String> components(String name, dev.kiln.engine.layer.ExtractException.Reason reason, String what)
            throws IOException {
        try {
            return EntryPath.components(name);
        } catch (IllegalArgumentException x) {
            throw ctx.fail(reason, what + " " + x.getMessage());
        }
    }

    private void applyRoot(TarEntry e) throws IOException {
        if (e.type() != TarType.DIRECTORY) {
            throw ctx.fail(CONFLICT, "the root of a layer can only be a directory, not a " + kind(e.type()));
        }
        try {
            restore(tree.root, e, FileType.DIRECTORY);
        } catch (PosixException x) {
            throw ctx.fail(FILESYSTEM, describe(x), x);
        }
        directories++;
    }

    private void whiteout(String base, List<String> parent) throws IOException {
        String parentKey = EntryPath.join(parent);
        if (base.equals(Whiteouts.OPAQUE)) {
            whiteouts++;
            Path dir = tree.directory(parentKey, false);
            if (dir != null && !tree.keeps(parent)) {
                for (Path child : tree.children(dir)) {
                    if (!tree.keeps(with(parent, child.getFileName().toString()))) {
                        tree.prune(child);
                    }
                }
            }
            return;
        }
        if (base.startsWith(Whiteouts.META_PREFIX)) {
            skipped++; // aufs bookkeeping, e.g. .wh..wh.plnk
            return;
        }
        String name = base.substring(Whiteouts.PREFIX.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw ctx.fail(UNSAFE_PATH, "whiteout of \"" + name + "\" names no file");
        }
        whiteouts++;
        Path dir = tree.directory(parentKey, false);
        if (dir != null && !tree.keeps(with(parent, name))) {
            tree.prune(dir.resolve(name));
        }
    }

    private static List<String> with(List<String> parent, String name) {
        List<String> parts = new java.util.ArrayList<>(parent);
        parts.add(name);
        return parts;
    }

    private void directory(TarEntry e, Path target, String key) throws IOException {
        directories++;
        Statx existing = tree.statx(target);
        if (existing != null && existing.type() == FileType.DIRECTORY) {
            restore(target, e, FileType.DIRECTORY); // merge: the directory stays, its metadata is the layer's
            return;
        }
        // An explicit directory entry replaces whatever else is there, a symlink to a directory included, as
        // containerd's and umoci's appliers do (they compare the lstat type). Entries *below* a symlinked
        // directory that the layer does not replace still land in its target (merged /usr), because parents
        // are resolved inside the root.
        clear(target, existing);
        Files.createDirectory(target);
        restore(target, e, FileType.DIRECTORY);
    }

    private void regular(TarEntry e, Path target, InputStream content) throws IOException {
        clear(target, tree.statx(target));
        long n = 0;
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            int r;
            while ((r = read(content)) > 0) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, r);
                try {
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                } catch (IOException x) {
                    throw ctx.fail(FILESYSTEM, "write " + tree.root.relativize(target) + ": " + describe(x), x);
                }
                n += r;
            }
        }
        files++;
        contentBytes += n;
        restore(target, e, FileType.REGULAR);
    }

    private void symlink(TarEntry e, Path target) throws IOException {
        clear(target, tree.statx(target));
        Posix.symlink(e.linkName(), target);
        restore(target, e, FileType.SYMLINK);
        symlinks++;
    }

    private void hardlink(TarEntry e, Path target) throws IOException {
        List<String> parts = components(e.linkName(), UNSAFE_LINK, "hardlink target \"" + e.linkName() + "\"");
        if (parts.isEmpty()) {
            throw ctx.fail(UNSAFE_LINK, "hardlink to the root directory");
        }
        if (tree.keeps(parts)) {
            skipped++;
            ctx.warn("not linked: its target \"" + e.linkName() + "\" is a path the extraction keeps");
            return;
        }
        Path dir = tree.directory(EntryPath.join(parts.subList(0, parts.size() - 1)), false);
        Path source = dir == null ? null : dir.resolve(parts.getLast());
        Statx st = source == null ? null : tree.statx(source);
        if (st == null) {
            throw ctx.fail(UNSAFE_LINK, "hardlink target \"" + e.linkName()
                    + "\" does not exist (it must come earlier in the layer or from a lower layer)");
        }
        if (st.type() == FileType.DIRECTORY) {
            throw ctx.fail(UNSAFE_LINK, "hardlink target \"" + e.linkName() + "\" is a directory");
        }
        if (source.equals(target)) {
            throw ctx.fail(UNSAFE_LINK, "hardlink to itself");
        }
        clear(target, tree.statx(target));
        Posix.link(source, target);
        hardlinks++;
    }

    private void node(TarEntry e, Path target) throws IOException {
        clear(target, tree.statx(target));
        FileType type = switch (e.type()) {
            case CHAR_DEVICE -> FileType.CHAR_DEVICE;
            case BLOCK_DEVICE -> FileType.BLOCK_DEVICE;
            default -> FileType.FIFO;
        };
        Posix.mknod(target, type, e.mode(), e.devMajor(), e.devMinor());
        restore(target, e, type);
        nodes++;
    }

    private int read(InputStream content) throws ReadFailure {
        try {
            return content.read(buffer);
        } catch (IOException x) {
            throw new ReadFailure(x);
        }
    }

    /** Marks an exception of the layer stream, so it is not reported as a filesystem error. */
    private static final class ReadFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ReadFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    static String describe(IOException x) {
        return x instanceof PosixException ? x.getMessage() : x.getClass().getSimpleName() + ": " + x.getMessage();
    }

    /** Makes room for a new entry: removes whatever is there (a directory with all its content). */
    private void clear(Path target, Statx existing) throws IOException {
        if (existing != null && !tree.remove(target, existing)) {
            throw ctx.fail(CONFLICT, "cannot replace the directory " + tree.root.relativize(target)
                    + ": it holds paths the extraction keeps (mount points, the executor's files, ignored paths)");
        }
    }

    /**
     * Owner, mode, xattrs, times: the order of {@link Posix#restore} (chown clears setuid and
     * security.capability). A directory's mode and times are deferred until all entries are written
     * (see {@link Tree#finish}). Xattrs the filesystem or our privileges refuse (EOPNOTSUPP, EPERM)
     * become warnings, as in Docker.
     */
    private void restore(Path target, TarEntry e, FileType type) throws IOException {
        if (chown) {
            Posix.lchown(target, e.uid(), e.gid());
        }
        if (type != FileType.SYMLINK && type != FileType.DIRECTORY) {
            Posix.chmod(target, e.mode());
        }
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            try {
                Xattrs.set(target, x.getKey(), x.getValue());
            } catch (PosixException px) {
                if (!px.is(Errno.EOPNOTSUPP) && !px.is(Errno.EPERM)) {
                    throw px;
                }
                ctx.warn("xattr " + x.getKey() + " not set: " + px.errno());
            }
        }
        Instant mtime = e.mtime();
        Instant atime = e.atime() == null || e.atime().isBefore(mtime) ? mtime : e.atime();
        if (type == FileType.DIRECTORY) {
            tree.defer(target, Posix.statx(target).ino(), e.mode(), atime, mtime);
        } else {
            Posix.setTimes(target, atime, mtime);
        }
    }

    private static String kind(TarType type) {
        return switch (type) {
            case REGULAR -> "regular file";
            case HARDLINK -> "hardlink";
            default -> type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
