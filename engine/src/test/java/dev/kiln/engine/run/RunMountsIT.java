package dev.kiln.engine.run;

import static dev.kiln.engine.run.TestRootfs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code RUN --mount}s under namespaced isolation: they work during the run and leave nothing behind. */
class RunMountsIT extends RootfsTestBase {

    final Isolation isolation = Isolations.onThisHost().of(IsolationKind.NAMESPACED);
    final TestRootfs.Collector out = new TestRootfs.Collector();

    private static RunSpec.Builder shell(String script) {
        return RunSpec.builder("/bin/sh", "-c", script);
    }

    @Test
    void aReadOnlyBindMountIsReadableAndRefusesWrites() throws Exception {
        Path src = Files.createDirectories(dir.resolve("context"));
        Files.writeString(src.resolve("a.txt"), "from the context\n");
        RunResult r = run(isolation, root, shell("cat /src/a.txt; echo x > /src/b.txt")
                .mount(new MountSpec.Bind(src, "/src", true)).build(), out);
        assertThat(r.exitCode()).isNotZero();
        assertThat(out.stdout()).containsExactly("from the context");
        assertThat(String.join("\n", out.stderr())).contains("Read-only file system");
        assertThat(src.resolve("b.txt")).doesNotExist();
        assertThat(root.resolve("src")).as("mount point stub removed").doesNotExist();
    }

    @Test
    void aReadWriteBindMountWritesThroughToTheSource() throws Exception {
        Path src = Files.createDirectories(dir.resolve("rw"));
        RunResult r = run(isolation, root, shell("echo written > /data/out.txt")
                .mount(new MountSpec.Bind(src, "/data", false)).build(), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(src.resolve("out.txt")).hasContent("written");
    }

    @Test
    void aFileCanBeBindMountedOverAnImageFile() throws Exception {
        Path file = Files.writeString(dir.resolve("motd"), "mounted\n");
        Files.writeString(root.resolve("etc/motd"), "image\n");
        run(isolation, root, shell("cat /etc/motd").mount(new MountSpec.Bind(file, "/etc/motd", true)).build(), out);
        assertThat(out.stdout()).containsExactly("mounted");
        assertThat(root.resolve("etc/motd")).hasContent("image");
    }

    @Test
    void aBindSourceWhosePathHasSpacesTabsNewlinesBackslashesAndHashesIsMounted() throws Exception {
        Path src = Files.createDirectories(dir.resolve("my context\t\\ #1\nit's"));
        Files.writeString(src.resolve("a.txt"), "odd path\n");
        Path file = Files.writeString(dir.resolve("motd with space"), "file\n");
        RunResult r = run(isolation, root, shell("cat '/my src/a.txt' /etc/motd")
                .mount(new MountSpec.Bind(src, "/my src", true))
                .mount(new MountSpec.Bind(file, "/etc/motd", true)).build(), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("odd path", "file");
        assertThat(root.resolve("my src")).doesNotExist();
    }

    @Test
    void aCacheMountPersistsBetweenRuns() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        RunSpec spec = shell("echo run >> /root/.cache/log; wc -l < /root/.cache/log")
                .mount(new MountSpec.Cache(cache, "/root/.cache")).build();
        assertThat(run(isolation, root, spec, out).succeeded()).isTrue();
        assertThat(run(isolation, root, spec, out).succeeded()).isTrue();
        assertThat(out.stdout()).containsExactly("1", "2");
        assertThat(cache.resolve("log")).hasContent("run\nrun");
        assertThat(root.resolve("root/.cache")).doesNotExist();
    }

    @Test
    void aTmpfsMountIsEmptyWritableSizedAndGoneAfter() throws Exception {
        RunResult r = run(isolation, root, shell("ls -A /scratch | wc -l; echo data > /scratch/f; cat /scratch/f; "
                + "grep ' /scratch ' /proc/mounts | cut -d' ' -f1,3")
                .mount(new MountSpec.Tmpfs("/scratch", 1 << 20)).build(), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("0", "data", "tmpfs tmpfs");
        assertThat(root.resolve("scratch")).doesNotExist();
    }

    @Test
    void aWorkingDirectoryBelowAMountIsCreatedInsideTheMount() throws Exception {
        RunResult r = run(isolation, root, shell("pwd; touch here").workingDir("/scratch/work")
                .mount(new MountSpec.Tmpfs("/scratch", 0)).build(), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("/scratch/work");
        assertThat(root.resolve("scratch")).doesNotExist();
    }

    @Test
    void aMountBelowAnotherMountsTargetGetsItsMountPointInsideTheOuterMount() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("x"), "");
        RunResult r = run(isolation, root, shell("ls /outer/inner/x && touch /outer/y && echo ok")
                .mount(new MountSpec.Cache(cache, "/outer/inner"))
                .mount(new MountSpec.Tmpfs("/outer", 0)).build(), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("/outer/inner/x", "ok");
        assertThat(root.resolve("outer")).doesNotExist();
    }

    @Test
    void secretsAreReadableWithTheirModeAndOwnerAndGoneAfter() throws Exception {
        TestRootfs.addUsers(root);
        Path npmrc = Files.writeString(dir.resolve("npmrc"), "//registry/:_authToken=file-secret\n");
        RunResult r = run(isolation, root, shell("cat /run/secrets/token; echo; stat -c '%a %u %g' /run/secrets/token; "
                + "cat /home/app/.npmrc; stat -c '%a %u %g' /home/app/.npmrc; echo x > /run/secrets/token")
                .mount(MountSpec.Secret.of(new MountSpec.FromBytes("bytes-secret".getBytes(StandardCharsets.UTF_8)),
                        "/run/secrets/token"))
                .mount(new MountSpec.Secret(new MountSpec.FromFile(npmrc), "/home/app/.npmrc", 0440, 1000, 1000))
                .build(), out);
        assertThat(out.stdout()).containsExactly("bytes-secret", "400 0 0", "//registry/:_authToken=file-secret",
                "440 1000 1000");
        assertThat(String.join("\n", out.stderr())).contains("Read-only file system");
        assertThat(r.exitCode()).isNotZero();
        assertThat(root.resolve("run")).doesNotExist();
        assertThat(root.resolve("home/app/.npmrc")).doesNotExist();
        assertThat(r.toString()).doesNotContain("bytes-secret");
    }

    @Test
    void theSecretsOfOneRunAreReadByTheUserTheyBelongTo() throws Exception {
        TestRootfs.addUsers(root);
        RunResult r = run(isolation, root, shell("cat /run/secrets/a /run/secrets/b")
                .user("app")
                .mount(new MountSpec.Secret(new MountSpec.FromBytes("A".repeat(100_000).getBytes(StandardCharsets.UTF_8)),
                        "/run/secrets/a", 0400, 1000, 1000))
                .mount(new MountSpec.Secret(new MountSpec.FromBytes("B\n".getBytes(StandardCharsets.UTF_8)),
                        "/run/secrets/b", 0400, 1000, 1000))
                .build(), out);
        assertThat(r.succeeded()).as(out.stderr().toString()).isTrue();
        String all = String.join("\n", out.stdout());
        assertThat(all).startsWith("AAAA").endsWith("B").hasSize(100_000 + 2);
    }

    @Test
    void aMissingSecretFileFailsNamingTheTarget() {
        assertThatThrownBy(() -> run(isolation, root, shell("true")
                .mount(MountSpec.Secret.of(new MountSpec.FromFile(dir.resolve("absent")), "/run/secrets/x")).build(), out))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(RunException.class)
                .hasMessageContaining("secret mount on /run/secrets/x: source file " + dir.resolve("absent") + " does not exist");
    }

    @Test
    void aBindMountOfAMissingSourceFailsBeforeAnythingRuns() {
        assertThatThrownBy(() -> run(isolation, root, shell("true")
                .mount(new MountSpec.Bind(dir.resolve("nothing"), "/src", true)).build(), out))
                .cause().isInstanceOf(RunException.class)
                .hasMessageContaining("bind mount on /src: source " + dir.resolve("nothing") + " does not exist");
        assertThat(root.resolve("src")).doesNotExist();
    }

    @Test
    void aFailingSetupStepIsASetupErrorNamingTheStepAndLeavesNoStubs() throws Exception {
        // the secret's mount point lies inside a read-only bind mount that lacks it: it cannot be created
        Path src = Files.createDirectories(dir.resolve("ro"));
        assertThatThrownBy(() -> run(isolation, root, shell("echo never")
                .mount(new MountSpec.Bind(src, "/src", true))
                .mount(MountSpec.Secret.of(new MountSpec.FromBytes(new byte[] {42}), "/src/sub/secret")).build(), out))
                .cause().isInstanceOf(RunException.class)
                .hasMessageContaining("set up namespaces for RUN \"/bin/sh -c echo never\" in " + root.toRealPath())
                .hasMessageContaining("kiln: create the mount point " + root.toRealPath().resolve("src/sub/secret") + " failed")
                .satisfies(e -> assertThat(((RunException) e).reason()).isEqualTo(RunException.Reason.SETUP));
        assertThat(out.lines).isEmpty();
        assertThat(root.resolve("src")).doesNotExist();
        assertThat(TestRootfs.list(src)).isEmpty();
    }

    @Test
    void aMountThatMountRefusesFailsTheSetupNamingItsTargetInTheMessage() throws Exception {
        // a directory cannot be bind-mounted over the device /dev/null: mount -a reports that entry
        Path cache = Files.createDirectories(dir.resolve("cache"));
        assertThatThrownBy(() -> run(isolation, root, shell("echo never")
                .mount(new MountSpec.Cache(cache, "/dev/null")).build(), out))
                .cause().isInstanceOf(RunException.class)
                .hasMessageContaining("mount: " + root.toRealPath().resolve("dev/null"))
                .hasMessageContaining("kiln: mount the run's file systems failed")
                .satisfies(e -> assertThat(((RunException) e).reason()).isEqualTo(RunException.Reason.SETUP));
        assertThat(out.lines).isEmpty();
        assertThat(TestRootfs.list(root.resolve("dev"))).isEmpty();
    }

    @Test
    void theHostMountTableIsTheSameBeforeDuringAndAfterARunWithEveryMountKind() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        List<String> before = TestRootfs.mountinfo();
        RunHandle h = isolation.start(root, shell("echo started; while [ ! -e /tmp/go ]; do sleep 0.05; done")
                .mount(new MountSpec.Bind(src, "/src", true))
                .mount(new MountSpec.Cache(cache, "/cache"))
                .mount(new MountSpec.Tmpfs("/tmpfs", 0))
                .mount(MountSpec.Secret.of(new MountSpec.FromBytes(new byte[] {1, 2, 3}), "/run/secrets/s"))
                .build(), line -> {
                    if (line.text().equals("started")) {
                        try {
                            assertThat(TestRootfs.mountinfo()).as("during the run").isEqualTo(before);
                            Files.writeString(root.resolve("tmp/go"), "");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
        RunResult r = h.result().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(r.succeeded()).isTrue();
        assertThat(TestRootfs.mountinfo()).as("after the run").isEqualTo(before);
    }
}
