package dev.kiln.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

    @Test
    void capturesStdoutStderrAndExitCode() {
        CommandResult r = Command.of("sh", "-c", "echo out; echo err >&2; exit 3").run();

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void checkFailureNamesCommandLineExitCodeAndStderrTail() {
        Command c = Command.of("sh", "-c", "for i in $(seq 1 40); do echo line$i >&2; done; exit 5");

        assertThatThrownBy(c::check)
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("run `sh -c 'for i in $(seq 1 40); do echo line$i >&2; done; exit 5'`: exit code 5 after ")
                .hasMessageContaining("line40")
                .hasMessageContaining("line16")
                .hasMessageNotContaining("line15\n");
    }

    @Test
    void timeoutKillsTheProcessAndSaysSo() {
        Command c = Command.of("sh", "-c", "echo started >&2; exec sleep 60").timeout(Duration.ofMillis(500));

        assertThatThrownBy(c::run)
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("run `sh -c 'echo started >&2; exec sleep 60'`: timed out after ")
                .hasMessageContaining("killed")
                .hasMessageContaining("started");
    }

    @Test
    void missingProgramFailsWithTheCommandLine() {
        assertThatThrownBy(() -> Command.of("/nonexistent/kiln-tool", "x").run())
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("start `kiln-tool x`: ");
    }

    @Test
    void secretsAreRedactedInDisplayAndMessages() {
        Command c = Command.of("sh", "-c", "echo denied for hunter2 >&2; exit 1", "hunter2").redact("hunter2");

        assertThat(c.display()).doesNotContain("hunter2").contains("***");
        assertThat(c.toString()).doesNotContain("hunter2");
        assertThatThrownBy(c::check).hasMessageNotContaining("hunter2").hasMessageContaining("denied for ***");
    }

    @Test
    void stdinEnvironmentAndDirectoryAreApplied(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("marker"), "m");

        CommandResult r = Command.of("sh", "-c", "read line; echo \"$line $KILN_X $(ls)\"")
                .stdin("hello\n").env("KILN_X", "x1").in(dir).check();

        assertThat(r.stdout()).isEqualTo("hello x1 marker\n");
    }

    @Test
    void stdinIsEmptyWhenNotGiven() {
        assertThat(Command.of("cat").timeout(Duration.ofSeconds(10)).check().stdout()).isEmpty();
    }

    @Test
    void argsAppendWithoutChangingTheOriginal() {
        Command base = Command.of("echo", "a");

        assertThat(base.args("b").check().stdout()).isEqualTo("a b\n");
        assertThat(base.argv()).isEqualTo(List.of("echo", "a"));
    }

    @Test
    void emptyCommandIsRejected() {
        assertThatThrownBy(() -> Command.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command: empty argument list");
    }

    @Test
    void nonPositiveTimeoutIsRejected() {
        assertThatThrownBy(() -> Command.of("true").timeout(Duration.ZERO))
                .hasMessage("command true: timeout must be positive, got PT0S");
    }
}
