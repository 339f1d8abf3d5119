package dev.kiln.engine.fs;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Owner, permissions, extended attributes and times to give a file, as a layer entry records them;
 * applied by {@link Posix#restore} in the one order that keeps them all.
 *
 * <p>Immutable as far as Java allows: the map is a sorted unmodifiable copy, but the {@code byte[]} values
 * are the caller's arrays and must not be changed afterwards.
 *
 * @param uid         owner (unsigned; -1 leaves it unchanged)
 * @param gid         group (unsigned; -1 leaves it unchanged)
 * @param permissions the 12 permission bits ({@code 07777} at most); ignored for symlinks
 * @param xattrs      extended attributes by full name, e.g. {@code security.capability}
 * @param atime       access time, or {@code null} to leave it
 * @param mtime       modification time, or {@code null} to leave it
 */
public record FileMetadata(int uid, int gid, int permissions, SortedMap<String, byte[]> xattrs,
                           Instant atime, Instant mtime) {

    public FileMetadata {
        Posix.checkPermissions(permissions);
        xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(xattrs, "xattrs")));
    }

    /** Metadata with the given xattrs (any map; it is copied and sorted). */
    public static FileMetadata of(int uid, int gid, int permissions, Map<String, byte[]> xattrs,
                                  Instant atime, Instant mtime) {
        return new FileMetadata(uid, gid, permissions, new TreeMap<>(xattrs), atime, mtime);
    }
}
