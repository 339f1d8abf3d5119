package dev.kiln.engine.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether this process runs inside a container, with kaniko's signs ({@code pkg/util/proc}, after
 * systemd's {@code virt.c}): marker files ({@code /.dockerenv}, {@code /run/.containerenv}, gVisor's
 * {@code /__runsc_containers__}), a runtime's name in {@code /proc/self/cgroup} or {@code /proc/1/cgroup}
 * (cgroup v1 paths such as {@code /docker/<id>} or {@code /kubepods/...}), the {@code container}
 * variable or {@code /run/systemd/container}, OpenVZ's {@code /proc/vz} without {@code /proc/bc}, and
 * Kubernetes' {@code KUBERNETES_SERVICE_HOST}.
 *
 * <p>It exists because an in-place build deletes everything in {@code /} but its ignore list: kaniko
 * refuses that outside a container unless {@code --force}, and so does Kiln. The answer is a heuristic (a
 * cgroup v2 container without marker files looks like a host), which is why {@code --force} exists.
 * Immutable and thread-safe; the host view is injected so tests never depend on where they run.
 */
final class ContainerCheck {

    /** What the check reads: files and the environment. Implementations must be thread-safe. */
    interface Host {
        /** Whether {@code path} exists (a link counts, whatever it points at). */
        boolean exists(String path);

        /** The text of {@code path}, empty if missing or unreadable. */
        String read(String path);

        /** The environment variable, empty if unset. */
        String env(String name);
    }

    /** Runtime names that appear in a containerised process's cgroup paths or {@code container} value. */
    static final List<String> RUNTIMES = List.of("docker", "kubepods", "kube", "containerd", "cri-o", "crio",
            "libpod", "podman", "lxc", "garden", "rkt", "systemd-nspawn", "gvisor");

    private final Host host;

    ContainerCheck(Host host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** The check on this machine's real files and environment. */
    static ContainerCheck ofThisHost() {
        return new ContainerCheck(new Host() {
            @Override
            public boolean exists(String path) {
                return Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS);
            }

            @Override
            public String read(String path) {
                try {
                    return Files.readString(Path.of(path), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    return "";
                }
            }

            @Override
            public String env(String name) {
                String v = System.getenv(name);
                return v == null ? "" : v;
            }
        });
    }

    /** The first sign of a container found, in words (e.g. {@code /.dockerenv exists}); empty if none. */
    Optional<String> evidence() {
        if (!host.env("KUBERNETES_SERVICE_HOST").isBlank()) {
            return Optional.of("KUBERNETES_SERVICE_HOST is set");
        }
        for (String marker : List.of("/.dockerenv", "/run/.containerenv", "/__runsc_containers__")) {
            if (host.exists(marker)) {
                return Optional.of(marker + " exists");
            }
        }
        for (String cgroup : List.of("/proc/self/cgroup", "/proc/1/cgroup")) {
            Optional<String> runtime = runtimeIn(host.read(cgroup));
            if (runtime.isPresent()) {
                return Optional.of(cgroup + " names " + runtime.get());
            }
        }
        if (!host.env("container").isBlank()) {
            return Optional.of("$container is " + host.env("container").strip());
        }
        String systemd = host.read("/run/systemd/container").strip();
        if (!systemd.isEmpty()) {
            return Optional.of("/run/systemd/container says " + systemd);
        }
        if (host.exists("/proc/vz") && !host.exists("/proc/bc")) {
            return Optional.of("/proc/vz exists without /proc/bc (OpenVZ)");
        }
        return Optional.empty();
    }

    /** True if some sign of a container was found. */
    boolean inContainer() {
        return evidence().isPresent();
    }

    private static Optional<String> runtimeIn(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String runtime : RUNTIMES) {
            if (lower.contains(runtime)) {
                return Optional.of(runtime);
            }
        }
        return Optional.empty();
    }
}
