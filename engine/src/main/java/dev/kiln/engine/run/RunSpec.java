package dev.kiln.engine.run;

import dev.kiln.engine.dockerfile.instruction.NetworkMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one {@code RUN} process needs, already resolved by the build: no variables left, no Dockerfile
 * syntax, host paths for every mount source.
 *
 * <p>Immutable. The process always gets an empty stdin ({@code /dev/null}), as under BuildKit.
 *
 * @param argv       the command: shell form already turned into the image's {@code SHELL} plus the
 *                   command string, exec form as written; {@code argv[0]} is looked up in the image's
 *                   {@code PATH} unless it contains a {@code /}
 * @param env        the environment as {@code KEY=VALUE} entries, exactly what the process gets, except
 *                   that {@code HOME} is added from the user's passwd entry (or {@code /}) if missing, as
 *                   runc does
 * @param workingDir the absolute container path to start in; created (root, 0755) if missing, as runc does
 * @param user       the {@code USER} value, {@code name|uid[:group|gid]}, resolved in the image; empty for root
 * @param network    {@code --network}: {@code none} gets an empty network namespace; {@code default} and
 *                   {@code host} share the host's network (there is no bridge without a daemon)
 * @param mounts     the {@code --mount}s, applied in order of target depth
 * @param extraHosts lines added to the run's {@code /etc/hosts}
 * @param hostname   the host name inside the run (and in its {@code /etc/hosts} and {@code /etc/hostname})
 * @param timeout    how long the process may run before it is killed, empty for no limit
 * @param stage      the stage, for {@link OutputLine}s
 * @param step       the step number in the stage, for {@link OutputLine}s
 */
public record RunSpec(List<String> argv, List<String> env, String workingDir, String user, NetworkMode network,
        List<MountSpec> mounts, List<ExtraHost> extraHosts, String hostname, Optional<Duration> timeout,
        String stage, int step) {

    /** BuildKit's host name for build containers; some build scripts print it, so Kiln uses the same. */
    public static final String DEFAULT_HOSTNAME = "buildkitsandbox";

    public RunSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("RUN command is empty");
        }
        for (String a : argv) {
            noNul("RUN argument", a);
        }
        if (argv.getFirst().isEmpty()) {
            throw new IllegalArgumentException("RUN command name is empty");
        }
        env = List.copyOf(env);
        for (String e : env) {
            noNul("RUN environment entry", e);
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("RUN environment entry " + e.split("=", 2)[0]
                        + ": expected NAME=VALUE with a non-empty name");
            }
        }
        checkContainerPath("RUN working directory", workingDir);
        Objects.requireNonNull(user, "user");
        noNul("RUN user", user);
        Objects.requireNonNull(network, "network");
        mounts = List.copyOf(mounts);
        Set<String> targets = new HashSet<>();
        for (MountSpec m : mounts) {
            if (normalize(m.target()).equals("/")) {
                throw new IllegalArgumentException("RUN mounts: cannot mount over / (the rootfs itself)");
            }
            if (!targets.add(normalize(m.target()))) {
                throw new IllegalArgumentException("RUN mounts: two mounts on " + m.target());
            }
        }
        extraHosts = List.copyOf(extraHosts);
        Objects.requireNonNull(hostname, "hostname");
        if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,63}")) {
            throw new IllegalArgumentException("RUN host name \"" + hostname
                    + "\": expected 1-64 letters, digits, dots and dashes");
        }
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("RUN timeout " + t + " must be positive");
            }
        });
        Objects.requireNonNull(stage, "stage");
    }

    /** A builder for {@code argv} with the defaults: no env, {@code /}, root, default network, no mounts. */
    public static Builder builder(List<String> argv) {
        return new Builder(argv);
    }

    /** A builder for {@code argv}, see {@link #builder(List)}. */
    public static Builder builder(String... argv) {
        return new Builder(List.of(argv));
    }

    /** The value of {@code name} in {@link #env}, the last entry winning. */
    public Optional<String> envValue(String name) {
        String prefix = name + "=";
        String found = null;
        for (String e : env) {
            if (e.startsWith(prefix)) {
                found = e.substring(prefix.length());
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The spec without environment values: only the variable names are shown, since values may hold build
     * arguments or secrets exposed with {@code RUN --mount=type=secret,env=...}.
     */
    @Override
    public String toString() {
        List<String> names = env.stream().map(e -> e.substring(0, e.indexOf('='))).toList();
        return "RunSpec[argv=" + argv + ", env=" + names + ", workingDir=" + workingDir + ", user=" + user
                + ", network=" + network + ", mounts=" + mounts + ", extraHosts=" + extraHosts + ", hostname="
                + hostname + ", timeout=" + timeout + ", stage=" + stage + ", step=" + step + "]";
    }

    /** The command as BuildKit prints it in messages: the words joined by spaces. */
    public String displayCommand() {
        return String.join(" ", argv);
    }

    static void checkContainerPath(String what, String path) {
        Objects.requireNonNull(path, what);
        noNul(what, path);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(what + " \"" + path + "\" must be an absolute path");
        }
    }

    /**
     * The absolute container path cleaned as Go's {@code path.Clean} does: repeated and trailing slashes,
     * {@code .} and {@code ..} removed ({@code ..} at the root stays at the root); no link resolution.
     */
    public static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/+")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }

    private static void noNul(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character");
        }
    }

    /** Collects a {@link RunSpec}. Not thread-safe; one per spec. */
    public static final class Builder {
        private final List<String> argv;
        private List<String> env = List.of();
        private String workingDir = "/";
        private String user = "";
        private NetworkMode network = NetworkMode.DEFAULT;
        private final List<MountSpec> mounts = new ArrayList<>();
        private final List<ExtraHost> extraHosts = new ArrayList<>();
        private String hostname = DEFAULT_HOSTNAME;
        private Duration timeout;
        private String stage = "";
        private int step;

        private Builder(List<String> argv) {
            this.argv = List.copyOf(argv);
        }

        public Builder env(List<String> v) {
            env = List.copyOf(v);
            return this;
        }

        public Builder env(String... v) {
            return env(List.of(v));
        }

        public Builder workingDir(String v) {
            workingDir = v;
            return this;
        }

        public Builder user(String v) {
            user = v;
            return this;
        }

        public Builder network(NetworkMode v) {
            network = v;
            return this;
        }

        public Builder mount(MountSpec v) {
            mounts.add(v);
            return this;
        }

        public Builder extraHost(ExtraHost v) {
            extraHosts.add(v);
            return this;
        }

        public Builder hostname(String v) {
            hostname = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder step(String stageName, int stepNumber) {
            stage = stageName;
            step = stepNumber;
            return this;
        }

        public RunSpec build() {
            return new RunSpec(argv, env, workingDir, user, network, mounts, extraHosts, hostname,
                    Optional.ofNullable(timeout), stage, step);
        }
    }
}
