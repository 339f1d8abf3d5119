package dev.kiln.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kaniko's container detection, on an injected view of files and environment (never this machine's). */
class ContainerCheckTest {

    /** A fake host: these files exist with this text, these variables are set. */
    record FakeHost(Map<String, String> files, Map<String, String> env) implements ContainerCheck.Host {
        @Override
        public boolean exists(String path) {
            return files.containsKey(path);
        }

        @Override
        public String read(String path) {
            return files.getOrDefault(path, "");
        }

        @Override
        public String env(String name) {
            return env.getOrDefault(name, "");
        }
    }

    static final String HOST_CGROUP_V2 = "0::/user.slice/user-0.slice/session-3.scope\n";

    private static ContainerCheck check(Map<String, String> files, Map<String, String> env) {
        return new ContainerCheck(new FakeHost(files, env));
    }

    @Test
    void aPlainHostIsNotAContainer() {
        ContainerCheck c = check(Map.of("/proc/self/cgroup", HOST_CGROUP_V2, "/proc/1/cgroup", "0::/init.scope\n",
                "/proc/bc", "", "/proc/vz", ""), Map.of());
        assertThat(c.evidence()).isEmpty();
        assertThat(c.inContainer()).isFalse();
    }

    @Test
    void dockerAndPodmanMarkerFilesAreContainers() {
        assertThat(check(Map.of("/.dockerenv", ""), Map.of()).evidence()).contains("/.dockerenv exists");
        assertThat(check(Map.of("/run/.containerenv", ""), Map.of()).evidence()).contains("/run/.containerenv exists");
        assertThat(check(Map.of("/__runsc_containers__", ""), Map.of()).evidence()).contains("/__runsc_containers__ exists");
    }

    @Test
    void aRuntimeInTheCgroupPathsIsAContainer() {
        for (String cgroup : Set.of("12:memory:/docker/0123abcd\n", "3:cpu:/kubepods/besteffort/pod1/abc\n",
                "0::/system.slice/containerd-1234.scope\n", "5:devices:/lxc/web\n")) {
            assertThat(check(Map.of("/proc/1/cgroup", cgroup), Map.of()).inContainer()).as(cgroup).isTrue();
        }
        assertThat(check(Map.of("/proc/self/cgroup", "12:memory:/docker/0123abcd\n"), Map.of()).evidence())
                .contains("/proc/self/cgroup names docker");
    }

    @Test
    void kubernetesAndTheContainerVariableAreContainers() {
        assertThat(check(Map.of(), Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")).evidence())
                .contains("KUBERNETES_SERVICE_HOST is set");
        assertThat(check(Map.of(), Map.of("container", "docker")).evidence()).contains("$container is docker");
        assertThat(check(Map.of("/run/systemd/container", "systemd-nspawn\n"), Map.of()).evidence())
                .contains("/run/systemd/container says systemd-nspawn");
    }

    @Test
    void openVzIsAContainerOnlyWithoutTheHostsBeanCounters() {
        assertThat(check(Map.of("/proc/vz", ""), Map.of()).inContainer()).isTrue();
        assertThat(check(Map.of("/proc/vz", "", "/proc/bc", ""), Map.of()).inContainer()).isFalse();
    }
}
