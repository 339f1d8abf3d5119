package dev.kiln.engine.run;

import dev.kiln.engine.run.user.ExecUser;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The host command line that enters the rootfs as the run's user, in its working directory, with exactly
 * the run's environment, and executes the command:
 * {@code env -i -- K=V... unshare --root=R --wd=W --setgid=G --setuid=U -- argv...}, or for a user with
 * supplementary groups {@code env -i -- K=V... setpriv --regid=G --groups=S,... -- unshare --root=R --wd=W
 * --setuid=U -- argv...}.
 *
 * <p>Stateless. Why these tools: no single util-linux or coreutils program does all of it, and nothing may be
 * assumed inside the image (it may have no shell at all). {@code chroot --userspec --groups} sets groups but
 * always changes to {@code /}; {@code unshare --root --wd} changes root and directory, and its
 * {@code --setgid} sets the gid but drops every supplementary group. That is exactly right for a user without
 * any (root, most users), so {@code unshare} (no new namespace here) alone does {@code setgroups(0)},
 * {@code setgid(G)}, {@code chroot(R)}, {@code chdir(W)} and {@code setuid(U)}, which also drops every
 * capability of a non-root user, and finally {@code execvp}s the command, searching the run's {@code PATH}
 * inside the rootfs. Only a user with supplementary groups needs {@code setpriv} (still root) first for the
 * gid and the groups: one process more per RUN, about a millisecond. {@code env -i} goes first, so host
 * variables never reach the run.
 *
 * <p>Known wrinkle: loader variables of the run ({@code LD_PRELOAD}, {@code LD_LIBRARY_PATH}) are already
 * set when the host's {@code setpriv} and {@code unshare} start; a preload that does not exist on the host
 * makes {@code ld.so} print a warning to the run's stderr. Nothing is loaded from the rootfs that way,
 * because both programs start before {@code chroot}.
 */
final class ExecChain {

    private ExecChain() {}

    static List<String> command(HostTools tools, String root, String cwd, ExecUser user, List<String> env,
            List<String> argv) {
        List<String> c = new ArrayList<>();
        c.add(tools.require(HostTools.Tool.ENV));
        c.add("-i");
        c.add("--");
        c.addAll(env);
        boolean groups = !user.supplementaryGroups().isEmpty();
        if (groups) {
            c.add(tools.require(HostTools.Tool.SETPRIV));
            c.add("--regid=" + user.gid());
            c.add("--groups=" + user.supplementaryGroups().stream().map(String::valueOf).collect(Collectors.joining(",")));
            c.add("--");
        }
        c.add(tools.require(HostTools.Tool.UNSHARE));
        c.add("--root=" + root);
        c.add("--wd=" + cwd);
        if (!groups) {
            c.add("--setgid=" + user.gid());
        }
        c.add("--setuid=" + user.uid());
        c.add("--");
        c.addAll(argv);
        return c;
    }
}
