package dev.kiln.engine.step.copy;

import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code --chown=user[:group]} value resolved to numeric ids in the destination stage's rootfs.
 *
 * <p>Immutable. The value is split as BuildKit's {@code llb.WithUser} splits it: {@code root} and decimal
 * numbers are ids, anything else a name. A numeric user alone gives the same number as group; a user name
 * alone gives the user's primary group from {@code /etc/passwd}; an empty group ({@code user:}) is gid 0,
 * as in BuildKit. Names are looked up in {@code /etc/passwd} and {@code /etc/group} of the destination
 * rootfs (resolved inside it, regular files of at most 10 MiB, as BuildKit reads them). Unlike BuildKit's
 * code, which silently falls back to 0 for a name it cannot find, an unknown name is an error, as the
 * Dockerfile reference promises ("If these files are missing or don't contain the specified names, the
 * build fails"): owning files by root by accident is the worse outcome.
 *
 * @param uid the owner
 * @param gid the group
 */
record Chown(int uid, int gid) {

    private static final long MAX_FILE = 10L << 20;
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");

    /**
     * Resolves {@code value} against {@code rootfs}.
     *
     * @throws IllegalArgumentException naming the value and what is missing, e.g. {@code --chown=app: user
     *                                  "app" not found in /etc/passwd}
     * @throws IOException              if a user database cannot be read
     */
    static Chown resolve(String value, Rootfs rootfs) throws IOException {
        Objects.requireNonNull(value, "value");
        int colon = value.indexOf(':');
        String user = colon < 0 ? value : value.substring(0, colon);
        String group = colon < 0 ? null : value.substring(colon + 1);
        int uid;
        int gid;
        Integer userId = id(user);
        if (userId != null) {
            uid = userId;
            gid = userId;
        } else if (user.isEmpty()) {
            uid = 0;
            gid = 0;
        } else {
            String[] entry = find(value, rootfs, "/etc/passwd", "user", user);
            uid = number(value, entry, 2, "/etc/passwd");
            gid = number(value, entry, 3, "/etc/passwd");
        }
        if (group != null) {
            Integer groupId = id(group);
            if (groupId != null) {
                gid = groupId;
            } else if (group.isEmpty()) {
                gid = 0;
            } else {
                gid = number(value, find(value, rootfs, "/etc/group", "group", group), 2, "/etc/group");
            }
        }
        return new Chown(uid, gid);
    }

    /** The id of {@code root} or a decimal number that fits 31 bits; null for a name. */
    private static Integer id(String s) {
        if (s.equals("root")) {
            return 0;
        }
        if (!NUMBER.matcher(s).matches()) {
            return null;
        }
        long v = Long.parseLong(s);
        return v > Integer.MAX_VALUE ? null : (int) v;
    }

    private static String[] find(String value, Rootfs rootfs, String file, String kind, String name) throws IOException {
        String content = read(value, rootfs, file);
        if (content == null) {
            throw new IllegalArgumentException("--chown=" + value + ": " + kind + " \"" + name + "\" not found: the "
                    + "destination has no " + file);
        }
        for (String line : content.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] fields = l.split(":", -1);
            if (fields.length >= 3 && fields[0].equals(name)) {
                return fields;
            }
        }
        throw new IllegalArgumentException("--chown=" + value + ": " + kind + " \"" + name + "\" not found in " + file
                + " of the destination");
    }

    private static int number(String value, String[] fields, int index, String file) {
        if (fields.length > index) {
            Integer v = id(fields[index].strip());
            if (v != null && !fields[index].strip().equals("root")) {
                return v;
            }
        }
        throw new IllegalArgumentException("--chown=" + value + ": malformed entry for \"" + fields[0] + "\" in " + file);
    }

    /** The file's text, or null if it does not exist in the rootfs. */
    private static String read(String value, Rootfs rootfs, String file) throws IOException {
        Path host;
        try {
            host = rootfs.resolve(file);
            if (Posix.statx(host).type() != FileType.REGULAR) {
                throw new IllegalArgumentException("--chown=" + value + ": " + file + " of the destination is not a regular file");
            }
        } catch (PosixException.NotFound e) {
            return null;
        } catch (PosixException e) {
            if (e.is(Errno.ENOTDIR)) {
                return null;
            }
            throw e;
        }
        try (InputStream in = Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS)) {
            byte[] data = in.readNBytes((int) MAX_FILE + 1);
            if (data.length > MAX_FILE) {
                throw new IllegalArgumentException("--chown=" + value + ": " + file + " of the destination exceeds "
                        + MAX_FILE + " bytes");
            }
            return new String(data, StandardCharsets.UTF_8);
        }
    }
}
