package dev.kiln.engine.run;

import static dev.kiln.engine.run.SetupScript.q;

import dev.kiln.engine.dockerfile.instruction.NetworkMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default strategy: {@code unshare --mount --pid --uts --ipc [--net] --fork --kill-child} runs a setup
 * script ({@link SetupScript}) that gives the rootfs what a container runtime gives, then enters it with
 * the {@link ExecChain}. Everything mounted lives in the run's private mount namespace, so the host's mount
 * table never changes and every mount vanishes with the namespace.
 *
 * <p>Immutable and thread-safe. What the run gets:
 * <ul>
 *   <li>{@code /dev}: a tmpfs with {@code null zero full random urandom tty} bind-mounted from the host,
 *       {@code devpts} (new instance) with the {@code ptmx} link, a {@code shm} tmpfs and the
 *       {@code fd stdin stdout stderr} links;</li>
 *   <li>{@code /proc} of its own PID namespace (the command is PID 1), {@code /sys} read-only if the kernel
 *       allows;</li>
 *   <li>{@code /etc/hosts}, {@code /etc/resolv.conf}, {@code /etc/hostname} bind-mounted read-only over
 *       the image's files, and its own host name;</li>
 *   <li>the {@code RUN --mount}s, shallowest target first; secrets are copied into a tmpfs that only this
 *       mount namespace sees (in-memory content arrives on the script's stdin, never on disk or on a
 *       command line), owned and moded as asked, and bind-mounted read-only;</li>
 *   <li>{@code --network=none}: a new network namespace with only loopback (brought up when the host has
 *       {@code ip}); otherwise the host's network;</li>
 *   <li>umask 0022, as under Docker; a working directory below a mount target is created inside the
 *       mount, as runc does.</li>
 * </ul>
 * Mount points missing in the rootfs are created as {@link Stubs} and removed afterwards.
 */
final class NamespacedIsolation extends ProcessIsolation {

    /** Device nodes bind-mounted from the host, as the OCI runtime spec's default devices. */
    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

    NamespacedIsolation(HostTools tools) {
        super(tools);
    }

    @Override
    IsolationKind kind() {
        return IsolationKind.NAMESPACED;
    }

    @Override
    RunResult execute(RunHandle handle, Path rootfs, RunSpec spec, OutputSink sink, Instant started) throws IOException {
        Preparation prep = Preparation.prepare(rootfs, spec);
        if (prep.failure().isPresent()) {
            return prep.execFailed(spec, kind(), started);
        }
        Path work = createWorkDir();
        Stubs stubs = new Stubs(prep.rootfs());
        try {
            ByteArrayOutputStream stdin = new ByteArrayOutputStream();
            SetupScript script = script(spec, prep.rootfs().root().toString(), stubs, work, stdin);
            Path scriptFile = work.resolve("setup.sh");
            Files.writeString(scriptFile, script.finish(work.resolve("ready").toString()));
            List<String> command = new ArrayList<>(List.of(tools.require(HostTools.Tool.UNSHARE),
                    "--mount", "--pid", "--uts", "--ipc"));
            if (spec.network() == NetworkMode.NONE) {
                command.add("--net");
            }
            command.addAll(List.of("--fork", "--kill-child", "--", tools.require(HostTools.Tool.SH), scriptFile.toString()));
            command.addAll(ExecChain.command(tools, prep.rootfs().root().toString(), prep.cwd(), prep.user(),
                    prep.env(), prep.argv()));
            ProcessSupervisor.Launch launch = new ProcessSupervisor.Launch(command,
                    Map.of("PATH", HOST_PATH, "LC_ALL", "C"),
                    stdin.size() > 0 ? Optional.of(stdin.toByteArray()) : Optional.empty(), Optional.empty(),
                    Optional.of(ProcessSupervisor.UNSHARE_SIGKILL));
            RunResult result = ProcessSupervisor.run(handle, launch, spec, kind(), sink, started);
            if (result.status() == RunResult.Status.EXITED && result.exitCode() != 0
                    && !Files.exists(work.resolve("ready"))) {
                throw new RunException(RunException.Reason.SETUP, "set up namespaces for RUN " + Preparation.quoted(spec)
                        + " in " + prep.rootfs().root() + ": " + setupLog(work) + " (exit code " + result.exitCode() + ")");
            }
            return result;
        } finally {
            stubs.removeAll();
            deleteWorkDir(work);
        }
    }

    private SetupScript script(RunSpec spec, String rootPath, Stubs stubs, Path work, ByteArrayOutputStream stdin)
            throws IOException {
        String mount = tools.require(HostTools.Tool.MOUNT);
        SetupScript s = new SetupScript(work.resolve("setup.log").toString());
        s.step("make all mounts private", mount, "--make-rprivate", "/");
        s.raw("set the host name", "printf '%s' " + q(spec.hostname()) + " > /proc/sys/kernel/hostname");
        if (spec.network() == NetworkMode.NONE) {
            tools.find(HostTools.Tool.IP).ifPresent(ip -> s.optional(ip.toString(), "link", "set", "lo", "up"));
        }

        Path dev = stubs.directory("/dev", "device directory");
        s.step("mount a tmpfs on /dev", mount, "-t", "tmpfs", "-o", "nosuid,mode=0755,size=65536k", "kiln-dev", str(dev));
        for (String d : DEVICES) {
            s.raw("create /dev/" + d, ": > " + q(str(dev.resolve(d))));
            s.step("bind-mount /dev/" + d, mount, "--bind", "/dev/" + d, str(dev.resolve(d)));
        }
        s.step("create /dev/pts and /dev/shm", "mkdir", str(dev.resolve("pts")), str(dev.resolve("shm")));
        s.optional(mount, "-t", "devpts", "-o", "newinstance,ptmxmode=0666,mode=0620,gid=5", "devpts", str(dev.resolve("pts")));
        s.step("link /dev/ptmx", "ln", "-s", "pts/ptmx", str(dev.resolve("ptmx")));
        s.step("mount a tmpfs on /dev/shm", mount, "-t", "tmpfs", "-o", "nosuid,nodev,noexec,mode=1777,size=65536k",
                "shm", str(dev.resolve("shm")));
        s.step("link /dev/fd", "ln", "-s", "/proc/self/fd", str(dev.resolve("fd")));
        s.step("link /dev/stdin", "ln", "-s", "/proc/self/fd/0", str(dev.resolve("stdin")));
        s.step("link /dev/stdout", "ln", "-s", "/proc/self/fd/1", str(dev.resolve("stdout")));
        s.step("link /dev/stderr", "ln", "-s", "/proc/self/fd/2", str(dev.resolve("stderr")));

        Path proc = stubs.directory("/proc", "proc mount point");
        s.step("mount /proc", mount, "-t", "proc", "-o", "nosuid,nodev,noexec", "proc", str(proc));
        Path sys = stubs.directory("/sys", "sysfs mount point");
        s.optional(mount, "-t", "sysfs", "-o", "ro,nosuid,nodev,noexec", "sysfs", str(sys));

        networkFile(s, stubs, work, mount, "/etc/hosts", NetworkFiles.bytes(NetworkFiles.hosts(spec.hostname(), spec.extraHosts())));
        networkFile(s, stubs, work, mount, "/etc/resolv.conf", NetworkFiles.resolvConf());
        networkFile(s, stubs, work, mount, "/etc/hostname", NetworkFiles.bytes(NetworkFiles.hostname(spec.hostname())));

        List<MountSpec> mounts = spec.mounts().stream()
                .sorted(Comparator.comparingInt(m -> depth(m.target()))).toList();
        Path secrets = work.resolve("secrets");
        if (mounts.stream().anyMatch(m -> m instanceof MountSpec.Secret)) {
            Files.createDirectory(secrets);
            long total = 0;
            for (MountSpec m : mounts) {
                if (m instanceof MountSpec.Secret sec && sec.source() instanceof MountSpec.FromBytes b) {
                    total += b.length();
                } else if (m instanceof MountSpec.Secret sec && sec.source() instanceof MountSpec.FromFile f) {
                    total += Files.exists(f.file()) ? Files.size(f.file()) : 0;
                }
            }
            s.step("mount a tmpfs for secrets", mount, "-t", "tmpfs", "-o",
                    "mode=0700,nosuid,nodev,noexec,size=" + Math.max(1 << 20, total * 2 + (64L << 10)), "kiln-secrets", str(secrets));
        }
        int n = 0;
        for (MountSpec m : mounts) {
            runMount(s, stubs, mount, m, secrets.resolve(Integer.toString(n++)), stdin);
        }
        List<String> targets = mounts.stream().map(m -> RunSpec.normalize(m.target())).toList();
        String cwd = RunSpec.normalize(spec.workingDir());
        if (CommandLookup.underMount(cwd, targets)) {
            // runc creates the working directory after the mounts; the one made in the rootfs is hidden now
            String host = q(rootPath + cwd);
            s.raw("create the working directory " + cwd, "test -d " + host + " || mkdir -p " + host);
        }
        s.raw("set the umask", "umask 0022");
        return s;
    }

    private static void networkFile(SetupScript s, Stubs stubs, Path work, String mount, String target, byte[] content)
            throws IOException {
        Path source = work.resolve(Path.of(target).getFileName().toString());
        Files.write(source, content);
        Path host = stubs.file(target, "mount point");
        s.step("bind-mount " + target, mount, "--bind", "-o", "ro", str(source), str(host));
    }

    private static void runMount(SetupScript s, Stubs stubs, String mount, MountSpec m, Path secretFile,
            ByteArrayOutputStream stdin) throws IOException {
        String target = m.target();
        switch (m) {
            case MountSpec.Bind b -> {
                if (!Files.exists(b.source())) {
                    throw new RunException(RunException.Reason.MOUNT, "bind mount on " + target + ": source "
                            + b.source() + " does not exist");
                }
                boolean dir = Files.isDirectory(b.source());
                Path host = dir ? stubs.directory(target, "bind mount target") : stubs.file(target, "bind mount target");
                mountPoint(s, host, dir);
                if (b.readOnly()) {
                    s.step("bind-mount " + target, mount, "--bind", "-o", "ro", str(b.source()), str(host));
                } else {
                    s.step("bind-mount " + target, mount, "--bind", str(b.source()), str(host));
                }
            }
            case MountSpec.Cache c -> {
                if (!Files.isDirectory(c.directory())) {
                    throw new RunException(RunException.Reason.MOUNT, "cache mount on " + target + ": directory "
                            + c.directory() + " does not exist");
                }
                Path host = stubs.directory(target, "cache mount target");
                mountPoint(s, host, true);
                s.step("bind-mount the cache on " + target, mount, "--bind", str(c.directory()), str(host));
            }
            case MountSpec.Tmpfs t -> {
                Path host = stubs.directory(target, "tmpfs mount target");
                mountPoint(s, host, true);
                String options = t.sizeBytes() > 0 ? "nosuid,nodev,size=" + t.sizeBytes() : "nosuid,nodev";
                s.step("mount a tmpfs on " + target, mount, "-t", "tmpfs", "-o", options, "tmpfs", str(host));
            }
            case MountSpec.Secret sec -> {
                Path host = stubs.file(target, "secret mount target");
                mountPoint(s, host, false);
                switch (sec.source()) {
                    case MountSpec.FromFile f -> {
                        if (!Files.isRegularFile(f.file())) {
                            throw new RunException(RunException.Reason.MOUNT, "secret mount on " + target
                                    + ": source file " + f.file() + " does not exist");
                        }
                        s.raw("copy the secret for " + target, "cat -- " + q(str(f.file())) + " > " + q(str(secretFile)));
                    }
                    case MountSpec.FromBytes b -> {
                        s.raw("read the secret for " + target, "head -c " + b.length() + " > " + q(str(secretFile)));
                        stdin.writeBytes(b.content());
                    }
                }
                s.step("own the secret for " + target, "chown", sec.uid() + ":" + sec.gid(), str(secretFile));
                s.step("set the mode of the secret for " + target, "chmod", Integer.toOctalString(sec.mode()), str(secretFile));
                s.step("bind-mount the secret on " + target, mount, "--bind", "-o", "ro", str(secretFile), str(host));
            }
        }
    }

    /**
     * Creates the mount point inside the namespace if an earlier mount hid the stub made in the rootfs
     * (a target below another mount's target); what it creates there lives in that mount, not the rootfs.
     */
    private static void mountPoint(SetupScript s, Path host, boolean directory) {
        String t = q(str(host));
        s.raw("create the mount point " + host, directory ? "test -e " + t + " || mkdir -p " + t
                : "test -e " + t + " || { mkdir -p " + q(str(host.getParent())) + " && : > " + t + "; }");
    }

    private static int depth(String target) {
        String n = RunSpec.normalize(target);
        return (int) n.chars().filter(c -> c == '/').count();
    }

    private static String setupLog(Path work) {
        try {
            String log = Files.readString(work.resolve("setup.log"), StandardCharsets.UTF_8).strip();
            List<String> lines = log.lines().toList();
            return lines.isEmpty() ? "the setup script failed without a message"
                    : String.join("; ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "the setup script failed (no log: " + e.getMessage() + ")";
        }
    }

    private static String str(Path p) {
        return p.toString();
    }
}
