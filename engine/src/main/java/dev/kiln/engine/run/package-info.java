/**
 * RUN isolation: runs a {@code RUN} command inside a stage's rootfs directory, as the image's user, with
 * the mounts, devices and network files a container runtime would give it, without a daemon.
 *
 * <h2>Design</h2>
 * A {@link dev.kiln.engine.run.RunSpec} is fully resolved by the build (argv after {@code SHELL}, expanded
 * environment, host paths for every {@link dev.kiln.engine.run.MountSpec}). An
 * {@link dev.kiln.engine.run.Isolation} runs it and returns a {@link dev.kiln.engine.run.RunHandle} whose
 * {@link io.vertx.core.Future} gives a {@link dev.kiln.engine.run.RunResult} (exit code, status, BuildKit's
 * failure wording) or fails with a typed {@link dev.kiln.engine.run.RunException}. Output is streamed line
 * by line to an {@link dev.kiln.engine.run.OutputSink} as it comes. Before anything starts, every strategy
 * does what runc does (package-private {@code Preparation}): the user is resolved in the image's own
 * {@code /etc/passwd} and {@code /etc/group} ({@link dev.kiln.engine.run.user}), {@code HOME} is added if
 * missing, the working directory is created (root, 0755), and {@code argv[0]} is looked up in the image's
 * {@code PATH} with Go's rules and messages ({@code exec: "x": executable file not found in $PATH}, exit
 * code 127, nothing started).
 *
 * <p>Three strategies ({@link dev.kiln.engine.run.IsolationKind}), chosen by
 * {@link dev.kiln.engine.run.Isolations} (probe once, cached; or forced):
 * <ol>
 *   <li><b>Namespaced</b> (default): {@code unshare --mount --propagation private --pid --uts --ipc [--net]
 *       --fork --kill-child}
 *       runs a generated setup script that mounts, from a generated fstab with one {@code mount -a}, a
 *       private {@code /dev} (a skeleton made in the run's work directory, host devices bind-mounted on
 *       it, devpts, shm), {@code proc}, read-only {@code sysfs}, {@code /etc/hosts},
 *       {@code /etc/resolv.conf}, {@code /etc/hostname} and the RUN mounts (secrets in a private tmpfs),
 *       then ends by exec'ing into the rootfs. All mounts live and die with the private mount namespace: the host's mount table never
 *       changes.</li>
 *   <li><b>Chroot</b>: the fallback where {@code unshare} is refused; temporary device nodes, {@code /proc}
 *       only if mountable, no mounts but secrets, no {@code --network=none}.</li>
 *   <li><b>In place</b>: kaniko's mode, the rootfs is {@code /}. Never used on a developer's or CI host's
 *       real root; its tests run it against a throwaway copy through a package-private seam.</li>
 * </ol>
 * Every strategy enters the rootfs through the same host command chain
 * ({@code env -i ... [setpriv --regid --groups ...] unshare --root --wd --setgid --setuid ... argv}, see
 * {@link dev.kiln.engine.run.ExecChain}), so nothing is
 * needed inside the image, not even a shell, and user names are never looked up on the host.
 *
 * <h2>What never reaches a layer</h2>
 * Mount points, device nodes, generated {@code /etc} files and secret files that a run needed but the
 * rootfs lacked are created as stubs, recorded, and removed after the run (directories and files only if
 * still empty; the parent's times restored when the run did not change it). Secret contents travel through
 * a pipe into a tmpfs in the namespaced mode; they are never part of a command line, a message or a log.
 *
 * <h2>Known limits</h2>
 * The run's environment travels as arguments of the host's {@code env -i}, so host users who can list
 * processes see it while the run starts (as with {@code docker run -e}); secrets belong in secret mounts.
 * Mount points below another mount (e.g. a cache inside a bind-mounted context) are created inside that
 * mount's content, following links there. A bind-mounted context is trusted not to point such targets
 * elsewhere; whatever happens stays inside the run's private mount namespace.
 *
 * <h2>Threads</h2>
 * Every run has its own virtual thread that prepares, starts and waits for the process, plus two virtual
 * threads reading stdout and stderr (and one writing stdin when secrets are piped). Nothing here runs on,
 * or blocks, an event loop: {@link dev.kiln.engine.run.Isolation#start} returns at once. Cancellation and
 * timeouts kill the whole process tree with {@code SIGKILL} (descendants first); in the namespaced mode
 * {@code --kill-child} and the PID namespace guarantee nothing survives.
 */
package dev.kiln.engine.run;
