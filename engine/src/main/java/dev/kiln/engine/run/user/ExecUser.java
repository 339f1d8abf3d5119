package dev.kiln.engine.run.user;

import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.run.user.UserDatabase.GroupEntry;
import dev.kiln.engine.run.user.UserDatabase.PasswdEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The credentials a {@code RUN} process gets: uid, primary gid, supplementary gids and home directory.
 *
 * <p>Immutable. Resolution follows runc's {@code GetExecUser} (https://github.com/moby/sys/blob/main/user/user.go),
 * which Docker and BuildKit use, with the defaults uid 0, gid 0, home {@code /}:
 * <ul>
 *   <li>a numeric user is a uid: the first passwd line with that uid gives gid and home, and without one
 *       the uid is used alone (gid stays 0); a name must have a passwd line;</li>
 *   <li>an empty user means uid 0, looked up the same way;</li>
 *   <li>an explicit group (name or gid) replaces the primary gid, and then there are no supplementary
 *       groups; a numeric gid need not exist in {@code /etc/group}, a name must;</li>
 *   <li>without a group, a user found in passwd gets as supplementary groups every group that lists it
 *       as a member, in file order.</li>
 * </ul>
 *
 * @param uid                 the user id
 * @param gid                 the primary group id
 * @param supplementaryGroups the other group ids, possibly empty
 * @param home                the home directory, used for {@code HOME} when the environment has none
 */
public record ExecUser(int uid, int gid, List<Integer> supplementaryGroups, String home) {

    /** Root with no supplementary groups and home {@code /}: runc's defaults. */
    public static final ExecUser ROOT = new ExecUser(0, 0, List.of(), "/");

    private static final String NO_PASSWD_ENTRIES = "no matching entries in passwd file";
    private static final String NO_GROUP_ENTRIES = "no matching entries in group file";
    private static final String RANGE = "uids and gids must be in range 0-" + UserSpec.MAX_ID;

    public ExecUser {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must be in range 0-" + UserSpec.MAX_ID + ": " + uid + ":" + gid);
        }
        supplementaryGroups = List.copyOf(supplementaryGroups);
        Objects.requireNonNull(home, "home");
    }

    /**
     * Resolves {@code spec} against the rootfs's {@code /etc/passwd} and {@code /etc/group}. Blocking.
     *
     * @throws UserLookupException with Docker's message, e.g. {@code unable to find user app: no matching
     *                             entries in passwd file}
     */
    public static ExecUser resolve(Rootfs rootfs, String spec) {
        return resolve(UserDatabase.read(rootfs), spec);
    }

    /** Resolves {@code spec} against already read files. */
    public static ExecUser resolve(UserDatabase db, String spec) {
        UserSpec s = UserSpec.parse(spec);
        UserSpec.OptionalLongId uidArg = s.userId();
        long uid = ROOT.uid;
        long gid = ROOT.gid;
        String home = ROOT.home;
        List<Integer> sgids = List.of();

        Optional<PasswdEntry> match = db.passwd().orElse(List.of()).stream().filter(u -> {
            if (s.user().isEmpty()) {
                return u.uid() == ROOT.uid;
            }
            return uidArg.present() ? u.uid() == uidArg.value() : u.name().equals(s.user());
        }).findFirst();

        String matchedName = "";
        if (match.isPresent()) {
            matchedName = match.get().name();
            uid = match.get().uid();
            gid = match.get().gid();
            home = match.get().home();
        } else if (!s.user().isEmpty()) {
            if (!uidArg.present()) {
                throw new UserLookupException("unable to find user " + s.user() + ": " + NO_PASSWD_ENTRIES);
            }
            uid = uidArg.value();
        }
        if (uid < 0 || uid > UserSpec.MAX_ID) {
            throw new UserLookupException(RANGE);
        }

        if (s.hasGroup() || !matchedName.isEmpty()) {
            String member = matchedName;
            UserSpec.OptionalLongId gidArg = s.groupId();
            List<GroupEntry> groups = db.group().orElse(List.of()).stream().filter(g -> {
                if (!s.hasGroup()) {
                    return g.members().contains(member);
                }
                return gidArg.present() ? g.gid() == gidArg.value() : g.name().equals(s.group());
            }).toList();
            if (s.hasGroup()) {
                if (!groups.isEmpty()) {
                    gid = groups.getFirst().gid();
                } else {
                    if (!gidArg.present()) {
                        throw new UserLookupException("unable to find group " + s.group() + ": " + NO_GROUP_ENTRIES);
                    }
                    gid = gidArg.value();
                }
            } else if (!groups.isEmpty()) {
                sgids = groups.stream().map(g -> checked(g.gid())).toList();
            }
        }
        if (gid < 0 || gid > UserSpec.MAX_ID) {
            throw new UserLookupException(RANGE);
        }
        return new ExecUser((int) uid, (int) gid, sgids, home);
    }

    private static int checked(long id) {
        OptionalInt v = new UserSpec.OptionalLongId(true, id).inRange();
        if (v.isEmpty()) {
            throw new UserLookupException(RANGE);
        }
        return v.getAsInt();
    }
}
