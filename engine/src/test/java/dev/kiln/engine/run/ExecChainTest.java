package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.run.user.ExecUser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host command line that enters the rootfs; and in-place isolation's, for {@code /}, built but never run. */
class ExecChainTest {

    static final HostTools TOOLS = new HostTools(Map.of(HostTools.Tool.ENV, Path.of("/usr/bin/env"),
            HostTools.Tool.SETPRIV, Path.of("/usr/bin/setpriv"), HostTools.Tool.UNSHARE, Path.of("/usr/bin/unshare")));

    @Test
    void environmentThenGroupsThenRootDirectoryAndUid() {
        List<String> c = ExecChain.command(TOOLS, "/var/lib/kiln/stage-1", "/app",
                new ExecUser(1000, 1000, List.of(29, 44), "/home/app"), List.of("PATH=/bin", "A=b c"),
                List.of("sh", "-c", "echo hi"));
        assertThat(c).containsExactly("/usr/bin/env", "-i", "--", "PATH=/bin", "A=b c",
                "/usr/bin/setpriv", "--regid=1000", "--groups=29,44", "--",
                "/usr/bin/unshare", "--root=/var/lib/kiln/stage-1", "--wd=/app", "--setuid=1000", "--",
                "sh", "-c", "echo hi");
    }

    @Test
    void withoutSupplementaryGroupsUnshareSetsTheGidAndDropsTheGroupsItself() {
        List<String> c = ExecChain.command(TOOLS, "/r", "/", new ExecUser(7, 8, List.of(), "/"), List.of("A=1"),
                List.of("true"));
        assertThat(c).containsExactly("/usr/bin/env", "-i", "--", "A=1",
                "/usr/bin/unshare", "--root=/r", "--wd=/", "--setgid=8", "--setuid=7", "--", "true");
    }

    @Test
    void inPlaceIsolationEntersSlashItself() {
        InPlaceIsolation inPlace = new InPlaceIsolation(TOOLS);
        assertThat(inPlace.root()).isEqualTo(Path.of("/"));
        Preparation prep = new Preparation(null, new ExecUser(5, 6, List.of(), "/"), List.of("HOME=/"), "/workspace",
                List.of("make"), java.util.Optional.empty());
        assertThat(inPlace.command(prep)).containsExactly("/usr/bin/env", "-i", "--", "HOME=/",
                "/usr/bin/unshare", "--root=/", "--wd=/workspace", "--setgid=6", "--setuid=5", "--", "make");
    }

    @Test
    void aMissingToolIsNamedWithItsPackage() {
        assertThatThrownBy(() -> ExecChain.command(new HostTools(Map.of()), "/r", "/", ExecUser.ROOT, List.of(), List.of("x")))
                .isInstanceOf(RunException.class)
                .hasMessage("RUN isolation needs the host program env (Debian package coreutils), which is not installed");
    }
}
