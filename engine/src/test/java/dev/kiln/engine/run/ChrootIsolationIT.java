package dev.kiln.engine.run;

import static dev.kiln.engine.run.TestRootfs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.instruction.NetworkMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain chroot fallback, forced (this host allows namespaces): it works and leaves nothing behind. */
class ChrootIsolationIT extends RootfsTestBase {

    final Isolation isolation = Isolations.onThisHost().of(IsolationKind.CHROOT);
    final TestRootfs.Collector out = new TestRootfs.Collector();

    private static RunSpec.Builder shell(String script) {
        return RunSpec.builder("/bin/sh", "-c", script).env("PATH=/usr/bin:/bin");
    }

    @Test
    void runsAsTheImageUserWithTemporaryDeviceNodes() throws Exception {
        TestRootfs.addUsers(root);
        List<String> mountsBefore = TestRootfs.mountinfo();
        RunResult r = run(isolation, root, shell("id; pwd; echo x > /dev/null; head -c 3 /dev/zero | wc -c; "
                + "ls /dev; head -1 /proc/self/status").user("app").workingDir("/home/app"), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(r.isolation()).isEqualTo(IsolationKind.CHROOT);
        assertThat(out.stdout()).startsWith("uid=1000(app) gid=1000(app) groups=29(audio),44(video)", "/home/app", "3")
                .contains("null", "zero", "full", "random", "urandom", "tty", "fd", "stdin", "Name:\thead");
        assertThat(TestRootfs.list(root.resolve("dev"))).as("device nodes removed").isEmpty();
        assertThat(TestRootfs.list(root.resolve("proc"))).as("proc unmounted").isEmpty();
        assertThat(TestRootfs.mountinfo()).isEqualTo(mountsBefore);
    }

    @Test
    void generatedNetworkFilesAreRemovedButTheImagesOwnAreUsed() throws Exception {
        Files.writeString(root.resolve("etc/hosts"), "1.2.3.4 image\n");
        RunResult r = run(isolation, root, shell("cat /etc/hosts /etc/hostname"), out);
        assertThat(r.succeeded()).isTrue();
        assertThat(out.stdout()).containsExactly("1.2.3.4 image", RunSpec.DEFAULT_HOSTNAME);
        assertThat(root.resolve("etc/hostname")).doesNotExist();
        assertThat(root.resolve("etc/resolv.conf")).doesNotExist();
        assertThat(root.resolve("etc/hosts")).hasContent("1.2.3.4 image");
    }

    @Test
    void secretsAreTemporaryFilesWithTheirModeAndOwner() throws Exception {
        RunResult r = run(isolation, root, shell("cat /run/secrets/key; echo; stat -c '%a %u' /run/secrets/key")
                .mount(new MountSpec.Secret(new MountSpec.FromBytes("k3y".getBytes(StandardCharsets.UTF_8)),
                        "/run/secrets/key", 0440, 7, 7)), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("k3y", "440 7");
        assertThat(root.resolve("run")).doesNotExist();
    }

    @Test
    void aSecretOverAnExistingFileIsRefused() throws Exception {
        Files.writeString(root.resolve("etc/secret"), "image file\n");
        assertThatThrownBy(() -> run(isolation, root, shell("true")
                .mount(MountSpec.Secret.of(new MountSpec.FromBytes(new byte[] {1}), "/etc/secret")), out))
                .cause().isInstanceOf(RunException.class)
                .hasMessageContaining("secret mount on /etc/secret: the path exists in the rootfs");
        assertThat(root.resolve("etc/secret")).hasContent("image file");
    }

    @Test
    void bindMountsAndNetworkNoneAreRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> run(isolation, root, shell("true")
                .mount(new MountSpec.Bind(dir, "/src", true)), out))
                .cause().isInstanceOf(RunException.class)
                .hasMessageContaining("--mount=type=bind,target=/src needs a mount namespace, which chroot isolation does not have")
                .satisfies(e -> assertThat(((RunException) e).reason()).isEqualTo(RunException.Reason.UNSUPPORTED));
        assertThatThrownBy(() -> run(isolation, root, shell("true").network(NetworkMode.NONE), out))
                .cause().isInstanceOf(RunException.class)
                .hasMessageContaining("--network=none needs a network namespace");
    }

    @Test
    void exitCodesAndLookupFailuresAreReportedAsUnderNamespaces() throws Exception {
        assertThat(run(isolation, root, shell("exit 5"), out).exitCode()).isEqualTo(5);
        RunResult missing = run(isolation, root, RunSpec.builder("missing-tool").build(), out);
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.error()).hasValue("exec: \"missing-tool\": executable file not found in $PATH");
    }

    @Test
    void cancellationKillsTheChildrenToo() throws Exception {
        RunHandle h = isolation.start(root, shell("sleep 1000 & sleep 1000 & wait").build(), out);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (TestRootfs.processesIn(root).size() < 3 && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(TestRootfs.processesIn(root)).hasSize(3);
        h.cancel();
        RunResult r = h.result().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(RunResult.Status.CANCELLED);
        assertThat(TestRootfs.processesIn(root)).isEmpty();
    }

    @Test
    void theRootfsAfterARunHasOnlyWhatTheRunWrote() throws Exception {
        var before = TestRootfs.list(root);
        RunResult r = run(isolation, root, shell("touch /made"), out);
        assertThat(r.succeeded()).isTrue();
        var after = new java.util.HashSet<>(TestRootfs.list(root));
        after.remove("made");
        assertThat(after).isEqualTo(before);
        assertThat(TestRootfs.list(root.resolve("dev"))).isEmpty();
        assertThat(Path.of(root.toString(), "made")).exists();
    }
}
