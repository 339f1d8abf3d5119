package dev.kiln.engine.run;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback for hosts that refuse namespaces (e.g. a container under Docker's default seccomp profile):
 * the {@link ExecChain} alone, i.e. {@code chroot} plus user, groups, directory and environment.
 *
 * <p>Immutable and thread-safe. To make up for the missing {@code /dev} tmpfs, the device nodes
 * {@code null zero full random urandom tty} the rootfs lacks are created with {@code mknod} (needs
 * {@code CAP_MKNOD}; skipped if refused) together with the {@code fd stdin stdout stderr} links, and removed
 * after the run, so they never reach a snapshot. {@code /proc} is mounted only if the host allows it (the
 * mount is then in the host's mount table for the duration of the run and detached afterwards); without it
 * tools that read {@code /proc} fail. {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname}
 * are written only where the image has none, and removed afterwards; existing ones are used as they are,
 * and a run's changes to them persist (unlike under namespaces). The host name is the host's.
 *
 * <p>Limits: no {@code --network=none}, no bind, cache or tmpfs mounts (refused, see {@link DirectSetup});
 * secrets are files in the rootfs during the run (removed after, even if the run changed them); no PID
 * namespace, so a process that daemonized itself (re-parented away from the run) survives a cancellation,
 * and one still holding the output pipes after the run ends is no longer read.
 */
final class ChrootIsolation extends ProcessIsolation {

    private static final Logger LOG = LoggerFactory.getLogger(ChrootIsolation.class);
    private static final Duration READER_GRACE = Duration.ofSeconds(2);
    private static final List<String> LINKS = List.of("fd", "/proc/self/fd", "stdin", "/proc/self/fd/0",
            "stdout", "/proc/self/fd/1", "stderr", "/proc/self/fd/2");

    private final boolean mountProc;

    /**
     * @param mountProc whether to try mounting {@code /proc} into the rootfs (in the host's mount namespace)
     */
    ChrootIsolation(HostTools tools, boolean mountProc) {
        super(tools);
        this.mountProc = mountProc;
    }

    @Override
    IsolationKind kind() {
        return IsolationKind.CHROOT;
    }

    @Override
    RunResult execute(RunHandle handle, Path rootfs, RunSpec spec, OutputSink sink, Instant started) throws IOException {
        DirectSetup.refuseUnsupported(spec, kind());
        Preparation prep = Preparation.prepare(rootfs, spec);
        if (prep.failure().isPresent()) {
            return prep.execFailed(spec, kind(), started);
        }
        Stubs stubs = new Stubs(prep.rootfs());
        Path procMount = null;
        try {
            devices(stubs);
            if (mountProc) {
                Path proc = stubs.directory("/proc", "proc mount point");
                if (tool(List.of(tools.require(HostTools.Tool.MOUNT), "-t", "proc", "-o", "nosuid,nodev,noexec", "proc",
                        proc.toString()))) {
                    procMount = proc;
                }
            }
            DirectSetup.writeIfMissing(stubs, "/etc/hosts",
                    NetworkFiles.bytes(NetworkFiles.hosts(spec.hostname(), spec.extraHosts())));
            DirectSetup.writeIfMissing(stubs, "/etc/resolv.conf", NetworkFiles.resolvConf());
            DirectSetup.writeIfMissing(stubs, "/etc/hostname", NetworkFiles.bytes(NetworkFiles.hostname(spec.hostname())));
            DirectSetup.writeSecrets(spec, stubs);
            List<String> command = ExecChain.command(tools, prep.rootfs().root().toString(), prep.cwd(), prep.user(),
                    prep.env(), prep.argv());
            return ProcessSupervisor.run(handle, new ProcessSupervisor.Launch(command,
                    Map.of("PATH", HOST_PATH, "LC_ALL", "C"), Optional.empty(), Optional.of(READER_GRACE), Optional.empty()),
                    spec, kind(), sink, started);
        } finally {
            if (procMount != null && !tool(List.of(tools.require(HostTools.Tool.UMOUNT), "--lazy", procMount.toString()))) {
                LOG.warn("unmount {} after a RUN failed; it stays in the host's mount table", procMount);
            }
            stubs.removeAll();
        }
    }

    /** Creates the missing device nodes (as the host's) and /dev links as temporary stubs. */
    private static void devices(Stubs stubs) {
        Path dev = stubs.directory("/dev", "device directory");
        for (String d : NamespacedIsolation.DEVICES) {
            Path node = dev.resolve(d);
            if (Files.exists(node, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Statx host = Posix.statx(Path.of("/dev", d));
                stubs.temporary(node, () -> Posix.mknod(node, FileType.CHAR_DEVICE, 0666, host.rdevMajor(), host.rdevMinor()));
            } catch (IOException | RunException e) {
                LOG.debug("no /dev/{} for a chroot RUN: {}", d, e.getMessage());
            }
        }
        for (int i = 0; i < LINKS.size(); i += 2) {
            Path link = dev.resolve(LINKS.get(i));
            String target = LINKS.get(i + 1);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                stubs.temporary(link, () -> Posix.symlink(target, link));
            }
        }
    }

    /** Runs a host tool to completion; true if it exited 0. */
    private static boolean tool(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0) {
                LOG.debug("{} failed: {}", command, out);
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
