package dev.kiln.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.CommandException;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.ImageSource;
import dev.kiln.testkit.tool.RunOptions;
import dev.kiln.testkit.tool.RunResult;
import dev.kiln.testkit.tool.Runc;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresTools({Tool.DOCKER_REGISTRY, Tool.OPENSSL, Tool.SKOPEO, Tool.UMOCI, Tool.RUNC, Tool.BUSYBOX,
        Tool.APT_GET, Tool.DPKG_DEB})
class RuncIT {
    @AutoClose
    static RegistryServer registry;

    @BeforeAll
    static void pushBusybox() {
        registry = RegistryServer.startPlain();
        BaseImages.pushBusybox(registry, "busybox:latest");
    }

    @Test
    void echoHelloPrintsHelloAndExitsZero() {
        RunResult r = Runc.run(registry, "busybox:latest", "echo", "hello");

        assertThat(r.stdout()).isEqualTo("hello\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void failingCommandsExitCodeAndStderrPassThrough() {
        RunResult r = Runc.run(registry, "busybox:latest", "sh", "-c", "echo oops >&2; exit 7");

        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.stderr()).isEqualTo("oops\n");
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void imageDefaultsApplyWithoutOverrides() {
        RunResult r = Runc.run(registry, "busybox:latest", "sh", "-c", "id -u; pwd; echo $PATH");

        assertThat(r.stdout()).isEqualTo("0\n/\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
    }

    @Test
    void userEnvAndCwdOverridesApply() {
        RunOptions options = RunOptions.command("sh", "-c", "id -u; id -g; echo $GREETING; pwd")
                .withUser("nobody").withEnv("GREETING", "hi there").withCwd("/tmp");

        RunResult r = Runc.run(ImageSource.registry(registry, "busybox:latest"), options);

        assertThat(r.stdout()).isEqualTo("65534\n65534\nhi there\n/tmp\n");
    }

    @Test
    void runsFromAnOciLayout() {
        RunResult r = Runc.run(BaseImages.busyboxLayout(Arch.AMD64), BaseImages.TAG, "echo", "from layout");

        assertThat(r.stdout()).isEqualTo("from layout\n");
    }

    @Test
    void anIndexRunsTheHostPlatform() {
        BaseImages.pushBusyboxIndex(registry, "busybox:multi");

        assertThat(Runc.run(registry, "busybox:multi", "uname", "-m").stdout()).isEqualTo("x86_64\n");
    }

    @Test
    void containerThatOutlivesItsTimeoutIsKilledAndDeleted() {
        RunOptions options = RunOptions.command("sleep", "6421").withTimeout(Duration.ofSeconds(1));

        assertThatThrownBy(() -> Runc.run(ImageSource.registry(registry, "busybox:latest"), options))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("timed out");
        assertThat(ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains("sleep 6421"))
                .filter(ProcessHandle::isAlive)).isEmpty();
    }
}
