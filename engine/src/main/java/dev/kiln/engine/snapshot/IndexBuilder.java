package dev.kiln.engine.snapshot;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * One scan of a rootfs: a work-stealing walk on a {@link ForkJoinPool} of {@code parallelism} threads, one
 * task per directory. A task reads its directory with a {@link DirectoryStream}, stats every child with
 * {@link Posix#statx} (never following symlinks), records it, and forks a task per subdirectory; idle
 * threads steal those, so deep and wide trees both keep every thread busy. Ignored paths are skipped
 * before they are stat'ed, and ignored directories are never opened.
 *
 * <p>Not thread-safe: used once, by {@link Index#build}. Each directory task collects its entries in a
 * list of its own and hands it over through a concurrent queue when done; the map is filled on the
 * calling thread after the walk, so the walk shares no contended structure and the map is a plain,
 * presized {@link HashMap} that the diff iterates fast.
 */
final class IndexBuilder {

    private final Path root;
    private final String rootName;
    private final IndexOptions options;
    private final IgnoreList ignores;
    private final Index previous;
    private final Queue<List<Entry>> done = new ConcurrentLinkedQueue<>();
    private final Queue<List<Entry>> fresh = new ConcurrentLinkedQueue<>();
    private Instant racyFrom;

    IndexBuilder(Path root, IndexOptions options, Index previous) throws IOException {
        this.rootName = root.toString();
        try {
            this.root = root.toRealPath();
        } catch (NoSuchFileException e) {
            throw new SnapshotException(rootName, "/", new NoSuchFileException(rootName, null, "no such directory"));
        } catch (IOException e) {
            throw new SnapshotException(rootName, "/", e);
        }
        if (previous != null && !previous.root().equals(this.root)) {
            throw new IllegalArgumentException("index rootfs " + this.root + ": the previous index is of another rootfs, "
                    + previous.root());
        }
        this.options = options;
        this.ignores = options.ignores();
        this.previous = previous;
    }

    Index build() throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new SnapshotException(rootName, "/", new FileSystemException(rootName, null, "not a directory"));
        }
        Instant started = Instant.now();
        racyFrom = started.minus(options.racyWindow());
        Entry top = entry("/", root, previous == null ? null : previous.entry("/"));
        if (top == null) {
            throw new SnapshotException(rootName, "/", new NoSuchFileException(rootName, null, "vanished"));
        }
        done.add(List.of(top));
        if (previous != null && previous.entry("/") != top) {
            fresh.add(List.of(top));
        }
        DirTask task = new DirTask("/", root, 0, options.parallelism() > 1);
        try {
            if (options.parallelism() == 1) {
                task.compute();
            } else {
                ForkJoinPool pool = new ForkJoinPool(options.parallelism());
                try {
                    pool.invoke(task);
                } finally {
                    pool.shutdownNow();
                }
            }
        } catch (RuntimeException e) {
            // ForkJoinPool may rethrow a copy of a worker's exception: find ours in the chain
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SnapshotException s) {
                    throw s;
                }
            }
            throw e;
        }
        int count = 0;
        for (List<Entry> list : done) {
            count += list.size();
        }
        Map<String, Entry> map = HashMap.newHashMap(count);
        for (List<Entry> list : done) {
            for (Entry e : list) {
                map.put(e.path(), e);
            }
        }
        if (previous == null) {
            return new Index(root, options, started, map);
        }
        List<Entry> changed = new ArrayList<>();
        fresh.forEach(changed::addAll);
        return new Index(root, options, started, map, previousId(), changed);
    }

    /** The walk of one directory; forks itself per subdirectory when parallel, recurses otherwise. */
    private final class DirTask extends RecursiveAction {
        private static final long serialVersionUID = 1L;

        private final String path;
        private final transient Path host;
        private final int depth;
        private final boolean parallel;

        DirTask(String path, Path host, int depth, boolean parallel) {
            this.path = path;
            this.host = host;
            this.depth = depth;
            this.parallel = parallel;
        }

        @Override
        protected void compute() {
            if (!ignores.isEmpty() && ignores.ignoresChildrenOf(path, depth)) {
                return;
            }
            List<DirTask> forked = null;
            List<Entry> entries = new ArrayList<>();
            List<Entry> changed = null;
            String prefix = depth == 0 ? "/" : path + "/";
            try (DirectoryStream<Path> children = Files.newDirectoryStream(host)) {
                for (Path child : children) {
                    String cp = prefix + child.getFileName().toString();
                    if (!ignores.isEmpty() && ignores.ignoresExactly(cp, depth + 1)) {
                        continue;
                    }
                    Entry prev = previous == null ? null : previous.entry(cp);
                    Entry e = entry(cp, child, prev);
                    if (e == null) {
                        continue;
                    }
                    entries.add(e);
                    if (previous != null && e != prev) {
                        if (changed == null) {
                            changed = new ArrayList<>();
                        }
                        changed.add(e);
                    }
                    if (e.type() == FileType.DIRECTORY) {
                        DirTask sub = new DirTask(cp, child, depth + 1, parallel);
                        if (parallel) {
                            sub.fork();
                        }
                        if (forked == null) {
                            forked = new ArrayList<>();
                        }
                        forked.add(sub);
                    }
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                // removed or replaced since its parent was read: nothing to record below it
            } catch (IOException e) {
                throw new UncheckedIOException(new SnapshotException(rootName, path, e));
            } catch (DirectoryIteratorException e) {
                throw new UncheckedIOException(new SnapshotException(rootName, path, e.getCause()));
            }
            done.add(entries);
            if (changed != null) {
                fresh.add(changed);
            }
            // subdirectories run (sequential) or are waited for (parallel) after this directory's
            // stream is closed, so open directories never pile up along a deep path
            if (forked != null) {
                for (DirTask t : forked) {
                    if (parallel) {
                        t.join();
                    } else {
                        t.compute();
                    }
                }
            }
        }
    }

    /**
     * Stats one path and builds its entry, or returns {@code prev} itself if nothing recorded changed;
     * {@code null} if the path no longer exists.
     */
    private Entry entry(String cp, Path host, Entry prev) {
        try {
            Statx st;
            try {
                st = Posix.statx(host);
            } catch (PosixException.NotFound e) {
                return null;
            }
            FileType type = st.type();
            boolean racy = !st.ctime().isBefore(racyFrom);
            boolean sameInode = prev != null && sameInodeState(prev, st);
            boolean provenUnchanged = sameInode && !prev.racy();
            String target = null;
            Digest xattrs;
            if (provenUnchanged) {
                target = prev.linkTarget();
                xattrs = prev.xattrsDigest();
            } else {
                if (type == FileType.SYMLINK) {
                    target = Posix.readlink(host);
                }
                xattrs = Hashes.xattrs(host);
            }
            Digest hash = null;
            if (type == FileType.REGULAR) {
                hash = contentHash(host, racy, prev, sameInode, provenUnchanged);
            }
            Entry e = new Entry(cp, type, st.mode(), st.uid(), st.gid(), st.size(), st.mtime(), st.ctime(),
                    st.ino(), st.dev(), st.nlink(), st.rdev(), target, xattrs, hash, racy);
            // an unchanged path keeps the previous scan's object: the diff recognises it without a lookup
            return e.equals(prev) ? prev : e;
        } catch (PosixException.NotFound e) {
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(new SnapshotException(rootName, cp, e));
        }
    }

    /**
     * Whether and how a regular file is hashed. {@link SnapshotMode#FULL}: always, reusing the previous
     * hash of a proven-unchanged inode. {@link SnapshotMode#EXACT}: when the stat is racy (a later
     * same-tick change would be invisible), or when the previous stat was racy and the inode looks
     * unchanged (so the diff can compare); a previous hash of a proven-unchanged inode is kept. Other
     * modes never hash.
     */
    private Digest contentHash(Path host, boolean racy, Entry prev, boolean sameInode, boolean provenUnchanged)
            throws IOException {
        SnapshotMode mode = options.mode();
        if (mode == SnapshotMode.REDO || mode == SnapshotMode.TIME) {
            return null;
        }
        if (provenUnchanged && prev.contentHash() != null && !racy) {
            return prev.contentHash();
        }
        boolean needed = mode == SnapshotMode.FULL || racy
                || (sameInode && prev.racy() && prev.contentHash() != null);
        return needed ? Hashes.content(host) : null;
    }

    private long previousId() {
        return previous.id();
    }

    private static boolean sameInodeState(Entry prev, Statx st) {
        return prev.type() == st.type() && prev.ino() == st.ino() && prev.dev() == st.dev()
                && prev.size() == st.size() && prev.mtime().equals(st.mtime()) && prev.ctime().equals(st.ctime());
    }
}
