package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.run.user.UserDatabase;
import dev.kiln.engine.run.user.UserLookupException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates a {@code WORKDIR} in a stage's rootfs as BuildKit does ({@code llb.Mkdir(wd, 0755,
 * WithParents(true), WithUser(USER))}, i.e. fsutil's {@code MkdirAll}): missing directories are made with
 * mode 0755 and owned by the stage's {@code USER}; existing ones, and the path's symlinks, are left as they
 * are.
 *
 * <p>Stateless and thread-safe; blocking (file system calls), so run it off the event loop. The path is
 * resolved with {@link Rootfs}: a symlink on the way is followed inside the rootfs, never out of it (a link
 * to {@code /etc} leads to the rootfs's {@code /etc}; a dangling link's target is created inside the rootfs,
 * as BuildKit's scoped {@code RootPath} does).
 *
 * <p>The owner follows BuildKit's {@code WithUser} and its file-op user lookup: {@code user[:group]}, where
 * {@code root} and decimal numbers are ids and a numeric user alone is also the group
 * ({@code USER 1000} creates {@code 1000:1000}); a name is looked up in the rootfs's {@code /etc/passwd}
 * (uid and primary gid) or {@code /etc/group}; an empty user is root. Deliberately stricter than BuildKit,
 * which silently falls back to root for a name it cannot find: an unknown name fails, as it does for
 * {@code COPY --chown} in {@code dev.kiln.engine.step.copy}, but only when a directory actually has to be
 * created. Times are left to the system (the build sets them when it snapshots, if at all).
 */
public final class Workdirs {

    private static final int MODE = 0755;

    private Workdirs() {
    }

    /**
     * Creates {@code workdir} in {@code rootfs}.
     *
     * @param rootfs  the stage's root directory on the host
     * @param workdir the absolute directory, as {@link Words#workdir} returns it
     * @param user    the stage's {@code USER} (config {@code User}), {@code ""} for root
     * @throws StepException naming the directory and the cause, without a Dockerfile location
     */
    public static void create(Path rootfs, String workdir, String user) throws StepException {
        create(rootfs, workdir, user, null);
    }

    /**
     * As {@link #create(Path, String, String)}, with errors naming {@code location}.
     *
     * @param location the {@code WORKDIR} step's location, or null
     */
    public static void create(Path rootfs, String workdir, String user, SourceRange location) throws StepException {
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(workdir, "workdir");
        String spec = user == null ? "" : user;
        String what = "create WORKDIR " + workdir;
        if (!workdir.startsWith("/")) {
            throw new StepException(location, what + ": not an absolute path", null);
        }
        try {
            Rootfs fs = new Rootfs(rootfs);
            Path target = fs.resolve(workdir);
            Optional<int[]> owner = Optional.empty();
            Path current = fs.root();
            for (Path name : fs.root().relativize(target)) {
                if (name.toString().isEmpty()) {
                    continue; // the root itself
                }
                current = current.resolve(name);
                FileType type;
                try {
                    type = Posix.statx(current).type();
                } catch (PosixException.NotFound e) {
                    type = null;
                }
                if (type == FileType.DIRECTORY) {
                    continue;
                }
                if (type != null) {
                    throw new StepException(location, what + ": " + fs.containerPath(current) + " is not a directory", null);
                }
                if (owner.isEmpty()) {
                    owner = Optional.of(owner(fs, spec, what, location));
                }
                try {
                    Files.createDirectory(current);
                } catch (FileAlreadyExistsException e) {
                    throw new StepException(location, what + ": " + fs.containerPath(current) + " appeared while it was being created", e);
                }
                Posix.lchown(current, owner.get()[0], owner.get()[1]);
                Posix.chmod(current, MODE); // explicitly: mkdir applies the umask
            }
        } catch (PosixException e) {
            throw new StepException(location, what + " in " + rootfs + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StepException(location, what + " in " + rootfs + ": " + e, e);
        }
    }

    /** {@code [uid, gid]} of {@code spec}, see the class comment. */
    private static int[] owner(Rootfs fs, String spec, String what, SourceRange location) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        UserDatabase db = null;
        int uid;
        int gid;
        Integer userId = id(user, what, location);
        if (userId != null) {
            uid = userId;
            gid = userId;
        } else {
            db = database(fs, what, location);
            UserDatabase.PasswdEntry entry = db.passwd().orElse(List.of()).stream()
                    .filter(p -> p.name().equals(user)).findFirst()
                    .orElseThrow(() -> new StepException(location, what + ": unable to find user " + user
                            + ": no matching entries in passwd file", null));
            uid = checked(entry.uid(), what, location);
            gid = checked(entry.gid(), what, location);
        }
        if (group != null) {
            Integer groupId = id(group, what, location);
            if (groupId != null) {
                gid = groupId;
            } else {
                UserDatabase groups = db != null ? db : database(fs, what, location);
                UserDatabase.GroupEntry entry = groups.group().orElse(List.of()).stream()
                        .filter(g -> g.name().equals(group)).findFirst()
                        .orElseThrow(() -> new StepException(location, what + ": unable to find group " + group
                                + ": no matching entries in group file", null));
                gid = checked(entry.gid(), what, location);
            }
        }
        return new int[] {uid, gid};
    }

    /**
     * BuildKit's {@code parseUID} ({@code root}, or {@code strconv.ParseInt(s, 10, 32)}), with the empty
     * string as 0 (BuildKit sends an empty name as id 0); null for a name.
     */
    private static Integer id(String s, String what, SourceRange location) {
        if (s.isEmpty() || s.equals("root")) {
            return 0;
        }
        if (!s.matches("[+-]?[0-9]+")) {
            return null;
        }
        long v;
        try {
            v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            return null; // ParseInt(.., 32) fails: BuildKit then treats it as a name
        }
        return checked(v, what, location);
    }

    private static int checked(long id, String what, SourceRange location) {
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new StepException(location, what + ": uids and gids must be in range 0-" + Integer.MAX_VALUE
                    + ": " + id, null);
        }
        return (int) id;
    }

    private static UserDatabase database(Rootfs fs, String what, SourceRange location) {
        try {
            return UserDatabase.read(fs);
        } catch (UserLookupException e) {
            throw new StepException(location, what + ": " + e.getMessage(), e);
        }
    }
}
