package dev.kiln.engine.run;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files and directories created in the rootfs only for the duration of one run (mount points, device
 * nodes, secret files), recorded so they can be removed afterwards and never reach a snapshot, as
 * BuildKit's mount stubs cleaner does.
 *
 * <p>Not thread-safe: one per run, used by the run's thread. Removal goes in reverse order of creation.
 * A stub directory or file is removed only if still empty (if the run put something in it, it is the
 * run's now); {@link Kind#TEMPORARY} entries (devices, links, secrets, generated files) are removed
 * whatever happened. After a removal the parent directory's atime and mtime are set back to what they were
 * before the creation, so an untouched {@code /etc} does not look changed to the snapshot; but only if its
 * mtime is still the one the creation left, i.e. the run itself did not change the directory. That check
 * is as fine as the file system's timestamps (a few milliseconds on ext4), which a run's start-up exceeds.
 */
final class Stubs {

    private static final Logger LOG = LoggerFactory.getLogger(Stubs.class);

    /** How an entry is cleaned up. */
    enum Kind {
        /** A directory made for a mount point: removed if empty. */
        DIRECTORY,
        /** An empty file made for a mount point: removed if still an empty regular file. */
        EMPTY_FILE,
        /** Anything made only for the run: removed unconditionally (not recursively). */
        TEMPORARY
    }

    private record Entry(Path path, Kind kind, Path parent, Instant parentAtime, Instant parentMtime,
            Statx parentAfter) {
    }

    private final Rootfs rootfs;
    private final Deque<Entry> entries = new ArrayDeque<>();

    Stubs(Rootfs rootfs) {
        this.rootfs = rootfs;
    }

    /** True if nothing was created. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The host path of directory {@code containerPath}, creating it and missing parents as stubs.
     *
     * @throws RunException if it exists and is not a directory
     */
    Path directory(String containerPath, String what) {
        Path host = resolve(containerPath, what);
        Statx st = statOrNull(host);
        if (st != null) {
            if (st.type() != FileType.DIRECTORY) {
                throw new RunException(RunException.Reason.MOUNT, what + " " + containerPath
                        + ": exists in the rootfs and is not a directory");
            }
            return host;
        }
        parents(host.getParent(), what, containerPath);
        create(host, Kind.DIRECTORY, () -> Files.createDirectory(host));
        return host;
    }

    /**
     * The host path of file {@code containerPath}, creating an empty file (and parents) as stubs.
     *
     * @throws RunException if it exists and is a directory
     */
    Path file(String containerPath, String what) {
        Path host = resolve(containerPath, what);
        Statx st = statOrNull(host);
        if (st != null) {
            if (st.type() == FileType.DIRECTORY) {
                throw new RunException(RunException.Reason.MOUNT, what + " " + containerPath
                        + ": exists in the rootfs and is a directory, not a file");
            }
            return host;
        }
        parents(host.getParent(), what, containerPath);
        create(host, Kind.EMPTY_FILE, () -> Files.createFile(host));
        return host;
    }

    /** Makes the parent directories of a path as stubs; returns the host path of the parent. */
    Path parentsOf(String containerPath, String what) {
        Path host = resolve(containerPath, what);
        parents(host.getParent(), what, containerPath);
        return host;
    }

    /** Records {@code host}, which {@code creator} creates, as a {@link Kind#TEMPORARY} entry. */
    void temporary(Path host, IoAction creator) {
        create(host, Kind.TEMPORARY, creator);
    }

    /** Creates one entry, noting its parent's times first. */
    private void create(Path host, Kind kind, IoAction creator) {
        Path parent = host.getParent();
        Statx before = null;
        try {
            before = Posix.statx(parent);
            creator.run();
            entries.push(new Entry(host, kind, parent, before.atime(), before.mtime(), Posix.statx(parent)));
        } catch (IOException e) {
            if (before != null) {
                entries.push(new Entry(host, kind, parent, null, null, null)); // a half-made file is removed too
            }
            throw new RunException(RunException.Reason.MOUNT, "create " + rootfs.containerPath(host)
                    + " in the rootfs " + rootfs.root() + " for the run: " + e.getMessage(), e);
        }
    }

    private void parents(Path dir, String what, String containerPath) {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && p.startsWith(rootfs.root()); p = p.getParent()) {
            Statx st = statOrNull(p);
            if (st != null) {
                if (st.type() != FileType.DIRECTORY) {
                    throw new RunException(RunException.Reason.MOUNT, what + " " + containerPath + ": "
                            + rootfs.containerPath(p) + " in the rootfs is not a directory");
                }
                break;
            }
            missing.addFirst(p);
        }
        for (Path p : missing) {
            create(p, Kind.DIRECTORY, () -> Files.createDirectory(p));
        }
    }

    private Path resolve(String containerPath, String what) {
        try {
            return rootfs.resolve(containerPath);
        } catch (PosixException e) {
            throw new RunException(RunException.Reason.MOUNT, what + " " + containerPath + ": " + e.getMessage(), e);
        }
    }

    private static Statx statOrNull(Path p) {
        try {
            return Posix.statx(p);
        } catch (PosixException.NotFound e) {
            return null;
        } catch (PosixException e) {
            throw new RunException(RunException.Reason.MOUNT, e.getMessage(), e);
        }
    }

    /** Removes every entry, newest first; failures are logged, never thrown (cleanup runs in finally blocks). */
    void removeAll() {
        while (!entries.isEmpty()) {
            Entry e = entries.pop();
            try {
                Statx parentNow = statOrNull(e.parent);
                boolean untouched = parentNow != null && e.parentAfter != null
                        && parentNow.mtime().equals(e.parentAfter.mtime());
                if (remove(e) && untouched) {
                    Posix.setTimes(e.parent, e.parentAtime, e.parentMtime);
                }
            } catch (IOException | RuntimeException ex) {
                LOG.warn("remove {} created for a RUN in {}: {}", e.path, rootfs.root(), ex.toString());
            }
        }
    }

    private static boolean remove(Entry e) throws IOException {
        Statx st = statOrNull(e.path);
        if (st == null) {
            return false;
        }
        switch (e.kind) {
            case DIRECTORY -> {
                if (st.type() != FileType.DIRECTORY) {
                    return false;
                }
                try {
                    Files.delete(e.path);
                } catch (DirectoryNotEmptyException kept) {
                    return false;
                }
            }
            case EMPTY_FILE -> {
                if (st.type() != FileType.REGULAR || st.size() != 0) {
                    return false;
                }
                Files.delete(e.path);
            }
            case TEMPORARY -> Files.delete(e.path);
        }
        return true;
    }

    /** An I/O action that creates one path. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }
}
