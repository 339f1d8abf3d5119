package dev.kiln.engine.layer.tar;

import static dev.kiln.engine.layer.tar.TarException.Kind.MALFORMED;
import static dev.kiln.engine.layer.tar.TarException.Kind.TOO_LARGE;
import static dev.kiln.engine.layer.tar.TarException.Kind.UNSUPPORTED;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One raw 512-byte header, parsed but not yet merged with its extension headers. Immutable.
 *
 * @param flag       the typeflag byte
 * @param rawName    the name from the header fields (prefix joined), decoded leniently, for messages
 * @param nameBytes  the name bytes from the header fields
 * @param linkBytes  the link name bytes
 * @param mode       the mode field (all bits)
 * @param uid        the uid field
 * @param gid        the gid field
 * @param size       the size field
 * @param mtime      the mtime field, seconds
 * @param devMajor   devmajor
 * @param devMinor   devminor
 * @param uname      owner name
 * @param gname      group name
 */
record Header(char flag, String rawName, byte[] nameBytes, byte[] linkBytes, long mode, long uid, long gid,
              long size, long mtime, long devMajor, long devMinor, String uname, String gname) {

    private static final long MAX_ID = 0xFFFFFFFEL; // (uid_t) -1 means "unchanged" to chown: not an id

    /** Parses and checksums a non-zero header block; {@code context} names the entry for errors (the previous one). */
    static Header parse(byte[] b, String context) throws TarException {
        long stored;
        try {
            stored = Blocks.number(b, Blocks.CHKSUM, 8, "checksum");
        } catch (NumberFormatException e) {
            throw new TarException(MALFORMED, context, "invalid header after this entry (not a tar archive?): " + e.getMessage());
        }
        if (stored != Blocks.unsignedSum(b) && stored != Blocks.signedSum(b)) {
            throw new TarException(MALFORMED, context, "invalid header checksum"
                    + (context == null ? " in the first header (not a tar archive?)" : " in the header after this entry"));
        }
        boolean ustar = Blocks.hasBytes(b, Blocks.MAGIC, "ustar\0");
        byte[] name = Blocks.field(b, Blocks.NAME, Blocks.NAME_LEN);
        if (ustar) {
            int prefixLen = Blocks.hasBytes(b, Blocks.STAR_TRAILER, "tar\0") ? Blocks.STAR_PREFIX_LEN : Blocks.PREFIX_LEN;
            byte[] prefix = Blocks.field(b, Blocks.PREFIX, prefixLen);
            if (prefix.length > 0) {
                byte[] joined = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
                joined[prefix.length] = '/';
                System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
                name = joined;
            }
        }
        String raw = new String(name, StandardCharsets.UTF_8);
        try {
            return new Header((char) (b[Blocks.TYPEFLAG] & 0xff), raw, name,
                    Blocks.field(b, Blocks.LINKNAME, Blocks.NAME_LEN),
                    Blocks.number(b, Blocks.MODE, Blocks.ID_LEN, "mode"),
                    Blocks.number(b, Blocks.UID, Blocks.ID_LEN, "uid"),
                    Blocks.number(b, Blocks.GID, Blocks.ID_LEN, "gid"),
                    nonNegative(Blocks.number(b, Blocks.SIZE_FIELD, Blocks.NUM12_LEN, "size"), "size"),
                    Blocks.number(b, Blocks.MTIME, Blocks.NUM12_LEN, "mtime"),
                    number(b, Blocks.DEVMAJOR, "devmajor"),
                    number(b, Blocks.DEVMINOR, "devminor"),
                    new String(Blocks.field(b, Blocks.UNAME, Blocks.OWNER_LEN), StandardCharsets.UTF_8),
                    new String(Blocks.field(b, Blocks.GNAME, Blocks.OWNER_LEN), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw new TarException(MALFORMED, raw, "invalid header: " + e.getMessage());
        }
    }

    /**
     * A device field: only devices need them, and old formats put other data there, so an unparsable
     * value becomes -1, which {@link #toEntry} refuses for devices only.
     */
    private static long number(byte[] b, int off, String field) {
        try {
            return Blocks.number(b, off, Blocks.ID_LEN, field);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long nonNegative(long v, String field) {
        if (v < 0) {
            throw new NumberFormatException(field + " is negative (" + v + ")");
        }
        return v;
    }

    /** The bytes before the first NUL of GNU long-name data. */
    static byte[] cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return Arrays.copyOf(data, end);
    }

    /** Merges the extension headers and builds the entry, checking every limit. */
    TarEntry toEntry(Map<String, byte[]> pax, byte[] longName, byte[] longLink, TarLimits limits) throws TarException {
        Map<String, byte[]> p = pax == null ? Map.of() : pax;
        String name = text(p.containsKey(Pax.PATH) && p.get(Pax.PATH).length > 0 ? p.get(Pax.PATH)
                : longName != null ? longName : nameBytes, "name", rawName, limits);
        String at = name.isEmpty() ? rawName : name;
        String link = text(p.containsKey(Pax.LINKPATH) && p.get(Pax.LINKPATH).length > 0 ? p.get(Pax.LINKPATH)
                : longLink != null ? longLink : linkBytes, "link target", at, limits);
        for (String key : p.keySet()) {
            if (key.startsWith(Pax.GNU_SPARSE)) {
                throw new TarException(UNSUPPORTED, at, "GNU sparse files are not supported (PAX " + key + ")");
            }
        }
        TarType type = type(name, at);
        try {
            long sz = p.containsKey(Pax.SIZE) ? decimal(p.get(Pax.SIZE), "size") : size;
            if (sz < 0) {
                throw new NumberFormatException("size is negative");
            }
            int u = id(p.containsKey(Pax.UID) ? decimal(p.get(Pax.UID), "uid") : uid, "uid");
            int g = id(p.containsKey(Pax.GID) ? decimal(p.get(Pax.GID), "gid") : gid, "gid");
            Instant m = p.containsKey(Pax.MTIME) ? time(p.get(Pax.MTIME), "mtime") : epochSecond(mtime, "mtime");
            Instant a = p.containsKey(Pax.ATIME) ? time(p.get(Pax.ATIME), "atime") : null;
            String un = p.containsKey(Pax.UNAME) ? new String(p.get(Pax.UNAME), StandardCharsets.UTF_8) : uname;
            String gn = p.containsKey(Pax.GNAME) ? new String(p.get(Pax.GNAME), StandardCharsets.UTF_8) : gname;
            int major = type.isDevice() ? id(devMajor, "devmajor") : 0;
            int minor = type.isDevice() ? id(devMinor, "devminor") : 0;
            return new TarEntry(name, type, (int) (mode & 07777), u, g, type.hasContent() ? sz : 0, m, a,
                    type == TarType.HARDLINK || type == TarType.SYMLINK ? link : "", major, minor, un, gn, xattrs(p, at));
        } catch (NumberFormatException e) {
            throw new TarException(MALFORMED, at, "invalid header: " + e.getMessage());
        }
    }

    private TarType type(String name, String at) throws TarException {
        return switch (flag) {
            case '0', '7' -> TarType.REGULAR;
            case '\0' -> name.endsWith("/") ? TarType.DIRECTORY : TarType.REGULAR; // pre-POSIX: a slash meant a directory
            case '1' -> TarType.HARDLINK;
            case '2' -> TarType.SYMLINK;
            case '3' -> TarType.CHAR_DEVICE;
            case '4' -> TarType.BLOCK_DEVICE;
            case '5', 'D' -> TarType.DIRECTORY; // GNU dumpdir: a directory with a listing as data
            case '6' -> TarType.FIFO;
            case 'S' -> throw new TarException(UNSUPPORTED, at, "GNU sparse files are not supported");
            default -> throw new TarException(UNSUPPORTED, at, "unsupported entry type "
                    + (flag >= 0x20 && flag < 0x7f ? "'" + flag + "'" : "0x" + Integer.toHexString(flag)));
        };
    }

    /** A name or link target: strict UTF-8, no NUL, within the length limit. */
    private static String text(byte[] bytes, String what, String at, TarLimits limits) throws TarException {
        if (bytes.length > limits.maxNameBytes()) {
            String entry = what.equals("name") ? new String(bytes, 0, Math.min(300, bytes.length), StandardCharsets.UTF_8) : at;
            throw new TarException(TOO_LARGE, entry, what + " is "
                    + bytes.length + " bytes long, more than the limit of " + limits.maxNameBytes());
        }
        for (byte x : bytes) {
            if (x == 0) {
                throw new TarException(MALFORMED, at, what + " contains a NUL byte");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TarException(UNSUPPORTED, at, what + " is not valid UTF-8");
        }
    }

    private static int id(long v, String field) {
        if (v < 0 || v > MAX_ID) {
            throw new NumberFormatException(field + " " + v + " is out of range");
        }
        return (int) v;
    }

    private static long decimal(byte[] v, String key) {
        String s = new String(v, StandardCharsets.US_ASCII);
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9') || s.length() > 18) {
            throw new NumberFormatException("PAX " + key + " is not a decimal number: \"" + s + "\"");
        }
        return Long.parseLong(s);
    }

    /** A PAX time: {@code [-]seconds[.fraction]}, fraction truncated to nanoseconds. */
    static Instant time(byte[] v, String key) {
        String s = new String(v, StandardCharsets.US_ASCII);
        boolean negative = s.startsWith("-");
        String body = negative ? s.substring(1) : s;
        int dot = body.indexOf('.');
        String secs = dot < 0 ? body : body.substring(0, dot);
        String frac = dot < 0 ? "" : body.substring(dot + 1);
        if (secs.isEmpty() || secs.length() > 18 || !secs.chars().allMatch(c -> c >= '0' && c <= '9')
                || !frac.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException("PAX " + key + " is not a time: \"" + s + "\"");
        }
        long sec = Long.parseLong(secs);
        String nanosText = (frac + "000000000").substring(0, 9);
        long nanos = Long.parseLong(nanosText);
        try {
            return negative ? Instant.ofEpochSecond(-sec).minusNanos(nanos) : Instant.ofEpochSecond(sec, nanos);
        } catch (DateTimeException | ArithmeticException e) {
            throw new NumberFormatException("PAX " + key + " is out of range: \"" + s + "\"");
        }
    }

    /** A header time (octal or base-256 seconds); beyond {@link Instant}'s range it is malformed, not a crash. */
    private static Instant epochSecond(long seconds, String field) {
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            throw new NumberFormatException(field + " " + seconds + " is out of range");
        }
    }

    private static SortedMap<String, byte[]> xattrs(Map<String, byte[]> pax, String at) throws TarException {
        SortedMap<String, byte[]> x = new TreeMap<>();
        for (Map.Entry<String, byte[]> r : pax.entrySet()) {
            String key = r.getKey();
            if (key.startsWith(Pax.LIBARCHIVE_XATTR)) {
                try {
                    String name = java.net.URLDecoder.decode(key.substring(Pax.LIBARCHIVE_XATTR.length()), StandardCharsets.UTF_8);
                    x.putIfAbsent(name, Base64.getDecoder().decode(r.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new TarException(MALFORMED, at, "PAX " + key + " is not base64");
                }
            }
        }
        for (Map.Entry<String, byte[]> r : pax.entrySet()) {
            if (r.getKey().startsWith(Pax.XATTR) && r.getKey().length() > Pax.XATTR.length()) {
                x.put(r.getKey().substring(Pax.XATTR.length()), r.getValue()); // SCHILY wins over LIBARCHIVE
            }
        }
        return x;
    }
}
