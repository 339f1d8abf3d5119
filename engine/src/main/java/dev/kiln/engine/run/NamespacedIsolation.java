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
 * The default strategy: {@code unshare --mount --propagation private --pid --uts --ipc [--net] --fork
 * --kill-child} runs a setup
 * script ({@link SetupScript}) that gives the rootfs what a container runtime gives, then enters it with
 * the {@link ExecChain}. The script mounts everything from generated {@link Fstab}s with one
 * {@code mount -a} each (one in the common case), since a process per mount was most of a small RUN's
 * cost. Everything mounted lives in the run's private mount namespace, so the host's mount table never
 * changes and every mount vanishes with the namespace.
 *
 * <p>Immutable and thread-safe. What the run gets:
 * <ul>
 *   <li>{@code /dev}: a {@link DevSkeleton} (in the run's work directory, bind-mounted nosuid) with
 *       {@code null zero full random urandom tty} bind-mounted from the host,
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
            // --propagation private: unshare itself makes every mount of the new namespace private (recursively,
            // as `mount --make-rprivate /` did, one process less per RUN), so nothing mounted for the run reaches
            // the host even where the host's / is shared (systemd's default). util-linux and BusyBox both have it.
            List<String> command = new ArrayList<>(List.of(tools.require(HostTools.Tool.UNSHARE),
                    "--mount", "--propagation", "private", "--pid", "--uts", "--ipc"));
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
        s.raw("set the host name", "printf '%s' " + q(spec.hostname()) + " > /proc/sys/kernel/hostname");
        if (spec.network() == NetworkMode.NONE) {
            tools.find(HostTools.Tool.IP).ifPresent(ip -> s.optional(ip.toString(), "link", "set", "lo", "up"));
        }
        MountSteps m = new MountSteps(s, mount, work);

        Path dev = stubs.directory("/dev", "device directory");
        m.fstab.bind(str(DevSkeleton.create(work.resolve("dev"))), str(dev), "nosuid");
        for (String d : DEVICES) {
            m.fstab.bind("/dev/" + d, str(dev.resolve(d)));
        }
        m.fstab.mount("devpts", str(dev.resolve("pts")), "devpts", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5",
                "nofail");
        m.fstab.mount("shm", str(dev.resolve("shm")), "tmpfs", "nosuid", "nodev", "noexec", "mode=1777", "size=65536k");
        Path proc = stubs.directory("/proc", "proc mount point");
        m.fstab.mount("proc", str(proc), "proc", "nosuid", "nodev", "noexec");
        Path sys = stubs.directory("/sys", "sysfs mount point");
        m.fstab.mount("sysfs", str(sys), "sysfs", "ro", "nosuid", "nodev", "noexec", "nofail");
        m.mounted(dev, proc, sys);

        networkFile(m, stubs, work, "/etc/hosts", NetworkFiles.bytes(NetworkFiles.hosts(spec.hostname(), spec.extraHosts())));
        networkFile(m, stubs, work, "/etc/resolv.conf", NetworkFiles.resolvConf());
        networkFile(m, stubs, work, "/etc/hostname", NetworkFiles.bytes(NetworkFiles.hostname(spec.hostname())));

        List<MountSpec> mounts = spec.mounts().stream()
                .sorted(Comparator.comparingInt(x -> depth(x.target()))).toList();
        Path secrets = work.resolve("secrets");
        if (mounts.stream().anyMatch(x -> x instanceof MountSpec.Secret)) {
            writeSecrets(s, m, mounts, secrets, stdin);
        }
        int n = 0;
        for (MountSpec x : mounts) {
            runMount(m, stubs, x, secrets.resolve(Integer.toString(n++)));
        }
        m.flush();
        List<String> targets = mounts.stream().map(x -> RunSpec.normalize(x.target())).toList();
        String cwd = RunSpec.normalize(spec.workingDir());
        if (CommandLookup.underMount(cwd, targets)) {
            // runc creates the working directory after the mounts; the one made in the rootfs is hidden now
            String host = q(rootPath + cwd);
            s.raw("create the working directory " + cwd, "test -d " + host + " || mkdir -p " + host);
        }
        s.raw("set the umask", "umask 0022");
        return s;
    }

    private static void networkFile(MountSteps m, Stubs stubs, Path work, String target, byte[] content)
            throws IOException {
        Path source = work.resolve(Path.of(target).getFileName().toString());
        Files.write(source, content);
        Path host = stubs.file(target, "mount point");
        m.fstab.bind(str(source), str(host), "ro");
        m.mounted(host);
    }

    /**
     * Mounts the private secrets tmpfs (with everything before it) and fills it: file secrets are copied,
     * in-memory ones read from the script's stdin, each owned and moded as asked, before any is bind-mounted.
     */
    private static void writeSecrets(SetupScript s, MountSteps m, List<MountSpec> mounts, Path secrets,
            ByteArrayOutputStream stdin) throws IOException {
        Files.createDirectory(secrets);
        long total = 0;
        for (MountSpec x : mounts) {
            if (x instanceof MountSpec.Secret sec && sec.source() instanceof MountSpec.FromBytes b) {
                total += b.length();
            } else if (x instanceof MountSpec.Secret sec && sec.source() instanceof MountSpec.FromFile f) {
                total += Files.exists(f.file()) ? Files.size(f.file()) : 0;
            }
        }
        m.fstab.mount("kiln-secrets", str(secrets), "tmpfs", "mode=0700", "nosuid", "nodev", "noexec",
                "size=" + Math.max(1 << 20, total * 2 + (64L << 10)));
        m.flush();
        int n = 0;
        for (MountSpec x : mounts) {
            Path secretFile = secrets.resolve(Integer.toString(n++));
            if (!(x instanceof MountSpec.Secret sec)) {
                continue;
            }
            String target = sec.target();
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
        }
    }

    private static void runMount(MountSteps m, Stubs stubs, MountSpec x, Path secretFile) throws IOException {
        String target = x.target();
        switch (x) {
            case MountSpec.Bind b -> {
                if (!Files.exists(b.source())) {
                    throw new RunException(RunException.Reason.MOUNT, "bind mount on " + target + ": source "
                            + b.source() + " does not exist");
                }
                boolean dir = Files.isDirectory(b.source());
                Path host = dir ? stubs.directory(target, "bind mount target") : stubs.file(target, "bind mount target");
                m.mountPoint(host, dir);
                if (b.readOnly()) {
                    m.fstab.bind(str(b.source()), str(host), "ro");
                } else {
                    m.fstab.bind(str(b.source()), str(host));
                }
            }
            case MountSpec.Cache c -> {
                if (!Files.isDirectory(c.directory())) {
                    throw new RunException(RunException.Reason.MOUNT, "cache mount on " + target + ": directory "
                            + c.directory() + " does not exist");
                }
                Path host = stubs.directory(target, "cache mount target");
                m.mountPoint(host, true);
                m.fstab.bind(str(c.directory()), str(host));
            }
            case MountSpec.Tmpfs t -> {
                Path host = stubs.directory(target, "tmpfs mount target");
                m.mountPoint(host, true);
                if (t.sizeBytes() > 0) {
                    m.fstab.mount("tmpfs", str(host), "tmpfs", "nosuid", "nodev", "size=" + t.sizeBytes());
                } else {
                    m.fstab.mount("tmpfs", str(host), "tmpfs", "nosuid", "nodev");
                }
            }
            case MountSpec.Secret sec -> {
                Path host = stubs.file(target, "secret mount target");
                m.mountPoint(host, false);
                m.fstab.bind(str(secretFile), str(host), "ro");
            }
        }
    }

    /**
     * The mounts of the setup, gathered into as few {@code mount -a} runs as the shell steps between them
     * allow: a new table starts only where a mount point must first be created inside the namespace or
     * the secrets must be written. Not thread-safe; one per setup.
     */
    private static final class MountSteps {
        private final SetupScript script;
        private final String mount;
        private final Path work;
        private final List<Path> mounted = new ArrayList<>();
        private int tables;
        Fstab fstab = new Fstab();

        MountSteps(SetupScript script, String mount, Path work) {
            this.script = script;
            this.mount = mount;
            this.work = work;
        }

        /** Notes host paths that are (or will be) mount targets, to tell which later targets lie below them. */
        void mounted(Path... targets) {
            mounted.addAll(List.of(targets));
        }

        /**
         * Makes sure the mount point {@code host} exists when its mount runs: the stub made in the rootfs
         * serves unless an earlier mount hides it (a target below another mount's target); then the point
         * is created inside the namespace, in that mount, not the rootfs.
         */
        void mountPoint(Path host, boolean directory) throws IOException {
            boolean hidden = mounted.stream().anyMatch(t -> host.startsWith(t) && !host.equals(t));
            mounted.add(host);
            if (!hidden) {
                return;
            }
            flush();
            String t = q(str(host));
            script.raw("create the mount point " + host, directory ? "test -e " + t + " || mkdir -p " + t
                    : "test -e " + t + " || { mkdir -p " + q(str(host.getParent())) + " && : > " + t + "; }");
        }

        /** Writes the pending table and adds the one {@code mount -a} step that mounts it, in order. */
        void flush() throws IOException {
            if (fstab.isEmpty()) {
                return;
            }
            Path file = work.resolve("fstab-" + tables++);
            Files.writeString(file, fstab.render(), StandardCharsets.UTF_8);
            script.step("mount the run's file systems", mount, "-a", "--fstab", str(file)); // mount names the entry that failed
            fstab = new Fstab();
        }
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
