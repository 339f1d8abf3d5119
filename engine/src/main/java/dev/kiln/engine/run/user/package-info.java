/**
 * Users and groups as the image sees them: the {@code USER} spec of a {@code RUN} resolved against the
 * rootfs's own {@code /etc/passwd} and {@code /etc/group}, never the host's.
 *
 * <h2>Design</h2>
 * {@link dev.kiln.engine.run.user.UserSpec} parses {@code name|uid[:group|gid]};
 * {@link dev.kiln.engine.run.user.UserDatabase} parses the two files (read through
 * {@link dev.kiln.engine.fs.Rootfs}, so a symlinked {@code /etc/passwd} cannot point at a host file);
 * {@link dev.kiln.engine.run.user.ExecUser#resolve} applies the rules of runc and Docker
 * ({@code github.com/moby/sys/user} {@code GetExecUser}): a name must exist, a number need not (its group
 * then stays 0, home {@code /}); supplementary groups come from {@code /etc/group} membership, and only
 * when no group was given; the first matching line wins; errors use Docker's wording, e.g.
 * {@code unable to find user app: no matching entries in passwd file}.
 *
 * <h2>Threads</h2>
 * Values are immutable records; {@link dev.kiln.engine.run.user.ExecUser#resolve} reads files and blocks,
 * so it runs on the RUN's virtual thread like the rest of a RUN.
 */
package dev.kiln.engine.run.user;
