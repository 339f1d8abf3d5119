package dev.kiln.engine.layer.write;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarType;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the tar header of a rootfs path from {@code statx}, {@code readlink} and the xattrs, never
 * following a symlink. Files with several links are written once with content and then as hardlinks to
 * that first name, detected by device and inode within the layer (as Docker and containerd do).
 *
 * <p>Not thread-safe: it remembers the inodes seen in one layer.
 */
final class Entries {

    /**
     * Xattrs never written into layers: SELinux labels belong to the host's policy, and the runtime
     * relabels anyway (umoci and containers/storage skip it too).
     */
    static final Set<String> SKIPPED_XATTRS = Set.of("security.selinux");

    private record Inode(long dev, long ino) {}

    private final Path root;
    private final Timestamps timestamps;
    private final Map<Inode, String> firstNames = new HashMap<>();

    Entries(Path root, Timestamps timestamps) {
        this.root = root;
        this.timestamps = timestamps;
    }

    /** The host path of a container path (no leading slash). Parents were checked to be directories. */
    Path host(String path) {
        return root.resolve(path);
    }

    /** The entry for {@code path} with its statx {@code st}, or null for a socket (tar cannot hold one). */
    TarEntry of(String path, Statx st) throws PosixException {
        Path host = host(path);
        FileType type = st.type();
        String name = type == FileType.DIRECTORY ? path + "/" : path;
        TarType tarType = switch (type) {
            case DIRECTORY -> TarType.DIRECTORY;
            case REGULAR -> TarType.REGULAR;
            case SYMLINK -> TarType.SYMLINK;
            case CHAR_DEVICE -> TarType.CHAR_DEVICE;
            case BLOCK_DEVICE -> TarType.BLOCK_DEVICE;
            case FIFO -> TarType.FIFO;
            case SOCKET -> null;
        };
        if (tarType == null) {
            return null;
        }
        String link = type == FileType.SYMLINK ? Posix.readlink(host) : "";
        long size = type == FileType.REGULAR ? st.size() : 0;
        if (type != FileType.DIRECTORY && st.nlink() > 1) {
            Inode inode = new Inode(st.dev(), st.ino());
            String first = firstNames.putIfAbsent(inode, path);
            if (first != null) {
                tarType = TarType.HARDLINK;
                link = first;
                size = 0;
            }
        }
        Instant mtime = timestamps.apply(st.mtime());
        return new TarEntry(name, tarType, st.permissions(), st.uid(), st.gid(), size, mtime, null, link,
                type.isDevice() ? st.rdevMajor() : 0, type.isDevice() ? st.rdevMinor() : 0, "", "", xattrs(host));
    }

    /** A whiteout or opaque marker: an empty regular file, mode 0, root-owned, at the fixed time. */
    TarEntry marker(String path) {
        return new TarEntry(path, TarType.REGULAR, 0, 0, 0, 0, timestamps.apply(Instant.EPOCH), null, "", 0, 0,
                "", "", new TreeMap<>());
    }

    private static SortedMap<String, byte[]> xattrs(Path host) throws PosixException {
        SortedMap<String, byte[]> all = new TreeMap<>(Xattrs.getAll(host));
        all.keySet().removeAll(SKIPPED_XATTRS);
        return all;
    }
}
