package dev.kiln.engine.layer.tar;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One tar entry's header after PAX and GNU extensions are merged: what {@link TarReader} returns and
 * {@link TarWriter} writes.
 *
 * <p>Immutable as far as Java allows: the xattr map is a sorted unmodifiable copy, its {@code byte[]}
 * values must not be changed. Ids are unsigned 32-bit values kept in {@code int}s, as in
 * {@link dev.kiln.engine.fs.Statx}.
 *
 * @param name     the path as stored (may start with {@code ./} or {@code /}, directories may end in {@code /})
 * @param type     the kind of entry
 * @param mode     the 12 permission bits ({@code 07777})
 * @param uid      owner (unsigned)
 * @param gid      group (unsigned)
 * @param size     content size in bytes; 0 for every type but {@link TarType#REGULAR}
 * @param mtime    modification time, to the nanosecond when a PAX {@code mtime} gave it
 * @param atime    access time from PAX {@code atime}, or null
 * @param linkName target of a symlink (verbatim) or hardlink (an archive path); empty otherwise
 * @param devMajor device major number (devices only)
 * @param devMinor device minor number (devices only)
 * @param uname    owner name (informative; layers are applied by numeric ids)
 * @param gname    group name (informative)
 * @param xattrs   extended attributes from PAX {@code SCHILY.xattr.*}, by full name
 */
public record TarEntry(String name, TarType type, int mode, int uid, int gid, long size, Instant mtime,
                       Instant atime, String linkName, int devMajor, int devMinor, String uname, String gname,
                       SortedMap<String, byte[]> xattrs) {

    public TarEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        linkName = linkName == null ? "" : linkName;
        uname = uname == null ? "" : uname;
        gname = gname == null ? "" : gname;
        xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs == null ? Map.of() : xattrs));
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("tar entry " + name + ": mode 0" + Integer.toOctalString(mode)
                    + " has bits outside 07777");
        }
        if (size < 0 || (!type.hasContent() && size != 0)) {
            throw new IllegalArgumentException("tar entry " + name + ": size " + size + " for a " + type);
        }
    }

    /** A minimal entry of {@code type} (mode 0644 or 0755 for directories, root-owned, mtime 0), for building headers. */
    public static TarEntry of(String name, TarType type) {
        return new TarEntry(name, type, type == TarType.DIRECTORY ? 0755 : 0644, 0, 0, 0, Instant.EPOCH, null,
                "", 0, 0, "", "", new TreeMap<>());
    }

    public TarEntry withSize(long newSize) {
        return new TarEntry(name, type, mode, uid, gid, newSize, mtime, atime, linkName, devMajor, devMinor,
                uname, gname, xattrs);
    }

    public TarEntry withMtime(Instant newMtime) {
        return new TarEntry(name, type, mode, uid, gid, size, newMtime, atime, linkName, devMajor, devMinor,
                uname, gname, xattrs);
    }

    public TarEntry withLinkName(String newLinkName) {
        return new TarEntry(name, type, mode, uid, gid, size, mtime, atime, newLinkName, devMajor, devMinor,
                uname, gname, xattrs);
    }

    public TarEntry withOwner(int newUid, int newGid) {
        return new TarEntry(name, type, mode, newUid, newGid, size, mtime, atime, linkName, devMajor,
                devMinor, uname, gname, xattrs);
    }

    public TarEntry withMode(int newMode) {
        return new TarEntry(name, type, newMode, uid, gid, size, mtime, atime, linkName, devMajor, devMinor,
                uname, gname, xattrs);
    }

    public TarEntry withDevice(int major, int minor) {
        return new TarEntry(name, type, mode, uid, gid, size, mtime, atime, linkName, major, minor,
                uname, gname, xattrs);
    }

    public TarEntry withXattrs(Map<String, byte[]> newXattrs) {
        return new TarEntry(name, type, mode, uid, gid, size, mtime, atime, linkName, devMajor, devMinor,
                uname, gname, new TreeMap<>(newXattrs));
    }
}
