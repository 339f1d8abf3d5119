package dev.kiln.engine.run;

import static dev.kiln.engine.run.TestRootfs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The namespaced strategy against a real busybox rootfs (as root): process, user, devices, network files. */
class NamespacedIsolationIT extends RootfsTestBase {

    final Isolation isolation = Isolations.onThisHost().of(IsolationKind.NAMESPACED);
    final TestRootfs.Collector out = new TestRootfs.Collector();

    private RunResult runShell(RunSpec.Builder b) throws Exception {
        return run(isolation, root, b.build(), out);
    }

    private static RunSpec.Builder shell(String script) {
        return RunSpec.builder("/bin/sh", "-c", script).env("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    void stdoutAndStderrArriveSeparatelyAndSuccessIsExitZero() throws Exception {
        RunResult r = runShell(shell("echo hello; echo oops >&2"));
        assertThat(r.succeeded()).as(r + " " + out.lines).isTrue();
        assertThat(r.isolation()).isEqualTo(IsolationKind.NAMESPACED);
        assertThat(out.stdout()).containsExactly("hello");
        assertThat(out.stderr()).containsExactly("oops");
        assertThat(r.failureMessage()).isEmpty();
    }

    @Test
    void aNonZeroExitIsAResultNamingTheCommandAndCode() throws Exception {
        RunResult r = runShell(shell("exit 3"));
        assertThat(r.status()).isEqualTo(RunResult.Status.EXITED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.failureMessage()).hasValue("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3");
    }

    @Test
    void theEnvironmentIsExactlyTheSpecsPlusHome() throws Exception {
        RunResult r = run(isolation, root, RunSpec.builder("env").env("PATH=/usr/bin:/bin", "FOO=bar baz").build(), out);
        assertThat(r.succeeded()).as(r + " " + out.lines).isTrue();
        assertThat(out.stdout()).containsExactlyInAnyOrder("PATH=/usr/bin:/bin", "FOO=bar baz", "HOME=/root");
    }

    @Test
    void aHomeInTheSpecIsKept() throws Exception {
        run(isolation, root, RunSpec.builder("env").env("HOME=/elsewhere").build(), out);
        assertThat(out.stdout()).containsExactly("HOME=/elsewhere");
    }

    @Test
    void theWorkingDirectoryIsCreatedAsRoot0755AndUsed() throws Exception {
        RunResult r = runShell(shell("pwd").workingDir("/work/deep").user("nobody"));
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("/work/deep");
        Statx st = Posix.statx(root.resolve("work/deep"));
        assertThat(st.uid()).isZero();
        assertThat(st.permissions()).isEqualTo(0755);
    }

    @Test
    void aUserByNameGetsUidGidSupplementaryGroupsAndHome() throws Exception {
        TestRootfs.addUsers(root);
        RunResult r = runShell(shell("id; echo $HOME").user("app"));
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("uid=1000(app) gid=1000(app) groups=29(audio),44(video)", "/home/app");
    }

    @Test
    void aUidInPasswdIsThatUser() throws Exception {
        TestRootfs.addUsers(root);
        runShell(shell("id").user("1000"));
        assertThat(out.stdout()).containsExactly("uid=1000(app) gid=1000(app) groups=29(audio),44(video)");
    }

    @Test
    void anExplicitGroupReplacesTheGidAndDropsSupplementaryGroups() throws Exception {
        TestRootfs.addUsers(root);
        runShell(shell("id").user("1000:44"));
        assertThat(out.stdout()).containsExactly("uid=1000(app) gid=44(video)");
    }

    @Test
    void aGroupByNameIsResolvedInTheImage() throws Exception {
        TestRootfs.addUsers(root);
        runShell(shell("id").user("other:audio"));
        assertThat(out.stdout()).containsExactly("uid=1001(other) gid=29(audio)");
    }

    @Test
    void anUnknownNumericUidRunsWithGidZeroAndHomeSlash() throws Exception {
        runShell(shell("id; echo $HOME").user("4242"));
        assertThat(out.stdout()).containsExactly("uid=4242 gid=0(root)", "/");
    }

    @Test
    void anUnknownUserNameFailsWithDockersMessage() {
        assertThatThrownBy(() -> runShell(shell("id").user("app")))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(RunException.class)
                .hasMessageContaining("unable to find user app: no matching entries in passwd file")
                .satisfies(e -> assertThat(((RunException) e).reason()).isEqualTo(RunException.Reason.USER));
    }

    @Test
    void procAndDeviceNodesArePresentAndTheCommandIsPid1() throws Exception {
        RunResult r = runShell(shell("ls /dev; head -1 /proc/self/status; echo pid=$$; echo x > /dev/null; "
                + "head -c 4 /dev/zero | wc -c; ls /sys/kernel >/dev/null && echo sys"));
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).contains("null", "zero", "full", "random", "urandom", "tty", "pts", "shm", "ptmx",
                "fd", "stdin", "stdout", "stderr", "Name:\thead", "pid=1", "4", "sys");
        assertThat(TestRootfs.list(root.resolve("dev"))).isEmpty();
        assertThat(TestRootfs.list(root.resolve("proc"))).isEmpty();
    }

    @Test
    void theRunsMountsAreDevNosuidDevptsShmProcReadOnlySysAndReadOnlyNetworkFiles() throws Exception {
        RunResult r = runShell(shell("cut -d' ' -f5,6,8 /proc/self/mountinfo; for l in ptmx fd stdin stdout stderr; "
                + "do readlink /dev/$l; done; echo x > /dev/written && cat /dev/written"));
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        List<String> lines = out.stdout();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("/dev rw,nosuid"))
                .anySatisfy(l -> assertThat(l).startsWith("/dev/null rw"))
                .anySatisfy(l -> assertThat(l).endsWith(" devpts").startsWith("/dev/pts "))
                .anySatisfy(l -> assertThat(l).startsWith("/dev/shm rw,nosuid,nodev,noexec").endsWith(" tmpfs"))
                .anySatisfy(l -> assertThat(l).startsWith("/proc rw,nosuid,nodev,noexec").endsWith(" proc"))
                .anySatisfy(l -> assertThat(l).startsWith("/sys ro,").endsWith(" sysfs"))
                .anySatisfy(l -> assertThat(l).startsWith("/etc/hosts ro,"))
                .anySatisfy(l -> assertThat(l).startsWith("/etc/resolv.conf ro,"))
                .anySatisfy(l -> assertThat(l).startsWith("/etc/hostname ro,"));
        assertThat(lines).containsSubsequence("pts/ptmx", "/proc/self/fd", "/proc/self/fd/0", "/proc/self/fd/1",
                "/proc/self/fd/2", "x");
        assertThat(TestRootfs.list(root.resolve("dev"))).isEmpty();
    }

    @Test
    void everyMountTheRunSeesIsPrivateEvenWhenTheRootfsLiesOnASharedMount() throws Exception {
        // systemd makes / shared (this VM's / is private): a shared peer group would carry the run's mounts
        // (proc, /dev, the network files) to the host's mount table.
        host("mount --bind '" + dir + "' '" + dir + "' && mount --make-shared '" + dir + "'");
        try {
            RunResult r = runShell(shell("sed 's/ - .*//' /proc/self/mountinfo"));
            assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
            assertThat(out.stdout()).isNotEmpty().noneSatisfy(l -> assertThat(l).contains(" shared:"));
            assertThat(TestRootfs.mountinfo()).noneSatisfy(l -> assertThat(l).contains(root.toRealPath() + "/proc"));
        } finally {
            host("umount -l '" + dir + "'");
        }
    }

    private static void host(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(script + ": " + output).isZero();
    }

    @Test
    void networkFilesExistDuringTheRunAndNeverAfter() throws Exception {
        var etcBefore = Posix.statx(root.resolve("etc"));
        RunResult r = runShell(shell("cat /etc/hosts; cat /etc/hostname; hostname; test -f /etc/resolv.conf && echo resolv")
                .hostname("builder").extraHost(new ExtraHost("registry.local", "10.1.2.3")));
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("127.0.0.1\tlocalhost builder",
                "::1\tlocalhost ip6-localhost ip6-loopback", "10.1.2.3\tregistry.local", "builder", "builder", "resolv");
        for (String f : List.of("hosts", "hostname", "resolv.conf")) {
            assertThat(root.resolve("etc").resolve(f)).doesNotExist();
        }
        assertThat(Posix.statx(root.resolve("etc")).mtime()).as("/etc mtime restored").isEqualTo(etcBefore.mtime());
    }

    @Test
    void animagesOwnHostsFileIsHiddenReadOnlyAndUnchangedAfter() throws Exception {
        Files.writeString(root.resolve("etc/hosts"), "1.2.3.4 image\n");
        RunResult r = runShell(shell("cat /etc/hosts; echo more >> /etc/hosts"));
        assertThat(r.succeeded()).isFalse();
        assertThat(out.stdout()).contains("127.0.0.1\tlocalhost " + RunSpec.DEFAULT_HOSTNAME).doesNotContain("1.2.3.4 image");
        assertThat(String.join("\n", out.stderr())).contains("Read-only file system");
        assertThat(root.resolve("etc/hosts")).hasContent("1.2.3.4 image");
    }

    @Test
    void networkNoneLeavesOnlyLoopback() throws Exception {
        RunResult r = runShell(shell("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '")
                .network(dev.kiln.engine.dockerfile.instruction.NetworkMode.NONE));
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("lo");
    }

    @Test
    void theCommandIsFoundInTheImagesPath() throws Exception {
        RunResult r = run(isolation, root, RunSpec.builder("echo", "exec", "form").env("PATH=/usr/bin:/bin").build(), out);
        assertThat(r.succeeded()).isTrue();
        assertThat(out.stdout()).containsExactly("exec form");
    }

    @Test
    void withoutPathInTheEnvironmentRuncsDefaultPathIsSearched() throws Exception {
        RunResult r = run(isolation, root, RunSpec.builder("ls", "/").build(), out);
        assertThat(r.succeeded()).as(out.lines.toString()).isTrue();
        assertThat(out.stdout()).contains("bin", "etc");
    }

    @Test
    void aMissingCommandIsExitCode127WithGosMessageAndNothingRuns() throws Exception {
        RunResult r = run(isolation, root, RunSpec.builder("nope", "x").env("PATH=/bin").build(), out);
        assertThat(r.status()).isEqualTo(RunResult.Status.EXEC_FAILED);
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.error()).hasValue("exec: \"nope\": executable file not found in $PATH");
        assertThat(r.failureMessage()).hasValue("process \"nope x\" did not complete successfully: "
                + "exec: \"nope\": executable file not found in $PATH (exit code: 127)");
        assertThat(out.lines).isEmpty();
    }

    @Test
    void aNonExecutableCommandIsExitCode126() throws Exception {
        RunResult r = run(isolation, root, RunSpec.builder("/etc/passwd").build(), out);
        assertThat(r.exitCode()).isEqualTo(126);
        assertThat(r.error()).hasValue("exec: \"/etc/passwd\": permission denied");
    }

    @Test
    void anAbsoluteMissingCommandNamesTheStatError() throws Exception {
        RunResult r = run(isolation, root, RunSpec.builder("/opt/tool").build(), out);
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.error()).hasValue("exec: \"/opt/tool\": stat /opt/tool: no such file or directory");
    }

    @Test
    void filesAreCreatedWithUmask022() throws Exception {
        RunResult r = runShell(shell("touch /tmp/f; mkdir /tmp/d; stat -c %a /tmp/f /tmp/d"));
        assertThat(r.succeeded()).isTrue();
        assertThat(out.stdout()).containsExactly("644", "755");
    }

    @Test
    void theRootfsIsNotChangedByARunThatWritesNothing() throws Exception {
        var before = TestRootfs.list(root);
        RunResult r = runShell(shell("true"));
        assertThat(r.succeeded()).isTrue();
        assertThat(TestRootfs.list(root)).isEqualTo(before);
        assertThat(Files.exists(root.resolve("etc/hosts"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void autoSelectionUsesNamespacesOnThisHost() throws Exception {
        RunResult r = run(Isolations.onThisHost().auto(), root, shell("true").build(), out);
        assertThat(r.isolation()).isEqualTo(IsolationKind.NAMESPACED);
        assertThat(Isolations.onThisHost().probe().available()).isTrue();
    }
}
