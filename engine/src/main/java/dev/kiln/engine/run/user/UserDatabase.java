package dev.kiln.engine.run.user;

import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The entries of an image's {@code /etc/passwd} and {@code /etc/group}.
 *
 * <p>Immutable. Parsing is runc's ({@code github.com/moby/sys/user}): each line is trimmed, empty lines are
 * skipped, fields are split at {@code :} (missing fields are empty, extra fields ignored), numbers that do
 * not parse become 0, and there is no special meaning for {@code #} or NIS {@code +} lines. A file that does
 * not exist is {@link Optional#empty()}: Docker then still accepts numeric ids but no names.
 *
 * @param passwd the passwd entries in file order, empty if the file is missing
 * @param group  the group entries in file order, empty if the file is missing
 */
public record UserDatabase(Optional<List<PasswdEntry>> passwd, Optional<List<GroupEntry>> group) {

    /** Largest file read; an {@code /etc/passwd} beyond this is not a real one. */
    static final long MAX_FILE_SIZE = 16L << 20;

    public UserDatabase {
        passwd = passwd.map(List::copyOf);
        group = group.map(List::copyOf);
    }

    /**
     * One line of {@code /etc/passwd}: {@code name:password:uid:gid:gecos:home:shell}. Immutable.
     *
     * @param name the user name
     * @param uid  the user id
     * @param gid  the primary group id
     * @param home the home directory
     */
    public record PasswdEntry(String name, long uid, long gid, String home) {
        public PasswdEntry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(home, "home");
        }
    }

    /**
     * One line of {@code /etc/group}: {@code name:password:gid:member,member}. Immutable.
     *
     * @param name    the group name
     * @param gid     the group id
     * @param members the user names listed as members
     */
    public record GroupEntry(String name, long gid, List<String> members) {
        public GroupEntry {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }
    }

    /**
     * Reads {@code /etc/passwd} and {@code /etc/group} of the rootfs, resolving links inside it.
     *
     * @throws UserLookupException naming the file if one exists but cannot be read
     */
    public static UserDatabase read(Rootfs rootfs) {
        return new UserDatabase(readFile(rootfs, "/etc/passwd").map(UserDatabase::parsePasswd),
                readFile(rootfs, "/etc/group").map(UserDatabase::parseGroup));
    }

    /** Parses passwd text. */
    public static List<PasswdEntry> parsePasswd(String text) {
        List<PasswdEntry> out = new ArrayList<>();
        for (String[] f : lines(text, 7)) {
            out.add(new PasswdEntry(f[0], number(f[2]), number(f[3]), f[5]));
        }
        return out;
    }

    /** Parses group text. */
    public static List<GroupEntry> parseGroup(String text) {
        List<GroupEntry> out = new ArrayList<>();
        for (String[] f : lines(text, 4)) {
            out.add(new GroupEntry(f[0], number(f[2]), Arrays.asList(f[3].split(",", -1))));
        }
        return out;
    }

    private static List<String[]> lines(String text, int fields) {
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split(":", -1);
            String[] f = new String[fields];
            for (int i = 0; i < fields; i++) {
                f[i] = i < parts.length ? parts[i] : "";
            }
            out.add(f);
        }
        return out;
    }

    /** Go's {@code strconv.Atoi} with the error ignored, as runc does for these files. */
    private static long number(String s) {
        UserSpec.OptionalLongId id = UserSpec.OptionalLongId.parse(s);
        return id.present() ? id.value() : 0;
    }

    private static Optional<String> readFile(Rootfs rootfs, String path) {
        Path host;
        try {
            host = rootfs.resolve(path);
        } catch (PosixException.NotFound e) {
            return Optional.empty();
        } catch (PosixException e) {
            throw new UserLookupException("read " + path + " in the image " + rootfs.root() + ": " + e.getMessage(), e);
        }
        try {
            if (!Files.exists(host)) {
                return Optional.empty();
            }
            long size = Files.size(host);
            if (size > MAX_FILE_SIZE) {
                throw new UserLookupException("read " + path + " in the image " + rootfs.root() + ": " + size
                        + " bytes, more than " + MAX_FILE_SIZE);
            }
            return Optional.of(new String(Files.readAllBytes(host), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserLookupException("read " + path + " in the image " + rootfs.root() + ": " + e, e);
        }
    }
}
