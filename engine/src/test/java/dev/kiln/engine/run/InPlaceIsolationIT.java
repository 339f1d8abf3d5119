package dev.kiln.engine.run;

import static dev.kiln.engine.run.TestRootfs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * In-place (kaniko-style) isolation, never on the real {@code /}: the strategy is given a throwaway copy of
 * the busybox rootfs as its root through the package-private seam, and treats it exactly as it would
 * treat {@code /}.
 */
class InPlaceIsolationIT extends RootfsTestBase {

    final TestRootfs.Collector out = new TestRootfs.Collector();

    private InPlaceIsolation sandboxed() {
        return new InPlaceIsolation(Isolations.onThisHost().tools(), root);
    }

    @Test
    void runsInsideItsRootAsTheImageUser() throws Exception {
        TestRootfs.addUsers(root);
        Files.writeString(root.resolve("marker"), "inside the sandbox\n");
        RunResult r = run(sandboxed(), root, RunSpec.builder("/bin/sh", "-c", "cat /marker; id; pwd; echo $HOME")
                .user("app").workingDir("/srv/app").build(), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(r.isolation()).isEqualTo(IsolationKind.IN_PLACE);
        assertThat(out.stdout()).containsExactly("inside the sandbox",
                "uid=1000(app) gid=1000(app) groups=29(audio),44(video)", "/srv/app", "/home/app");
        assertThat(root.resolve("srv/app")).isDirectory();
    }

    @Test
    void secretsAreRemovedAfterTheRun() throws Exception {
        RunResult r = run(sandboxed(), root, RunSpec.builder("/bin/cat", "/run/secrets/s")
                .mount(MountSpec.Secret.of(new MountSpec.FromBytes("in-place".getBytes(StandardCharsets.UTF_8)),
                        "/run/secrets/s")).build(), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("in-place");
        assertThat(root.resolve("run")).doesNotExist();
    }

    @Test
    void itRefusesAnyRootfsButItsOwnRoot() throws Exception {
        java.nio.file.Path other = Files.createDirectories(dir.resolve("other"));
        assertThatThrownBy(() -> run(sandboxed(), other, RunSpec.builder("true").build(), out))
                .cause().isInstanceOf(RunException.class)
                .hasMessageContaining("in-place isolation runs in " + root + " only, not in " + other);
    }

    @Test
    void itRefusesMountsItCannotProvide() {
        assertThatThrownBy(() -> run(sandboxed(), root, RunSpec.builder("true")
                .mount(new MountSpec.Tmpfs("/tmp", 0)).build(), out))
                .cause().isInstanceOf(RunException.class)
                .hasMessageContaining("--mount=type=tmpfs,target=/tmp needs a mount namespace, which in-place isolation does not have");
    }
}
