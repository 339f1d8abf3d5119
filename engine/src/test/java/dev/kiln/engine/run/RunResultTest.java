package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Failure messages name the command and the exit code, as BuildKit's do. */
class RunResultTest {

    private static RunResult result(RunResult.Status status, int code, Optional<String> error) {
        return new RunResult(List.of("/bin/sh", "-c", "make all"), IsolationKind.NAMESPACED, status, code, error,
                Duration.ofSeconds(90));
    }

    @Test
    void exitZeroIsSuccessWithoutMessage() {
        assertThat(result(RunResult.Status.EXITED, 0, Optional.empty()).failureMessage()).isEmpty();
    }

    @Test
    void aFailedCommandNamesItsWordsAndExitCode() {
        assertThat(result(RunResult.Status.EXITED, 2, Optional.empty()).failureMessage())
                .hasValue("process \"/bin/sh -c make all\" did not complete successfully: exit code: 2");
    }

    @Test
    void anExecFailureCarriesGosMessage() {
        assertThat(result(RunResult.Status.EXEC_FAILED, 127, Optional.of("exec: \"x\": executable file not found in $PATH"))
                .failureMessage()).hasValue("process \"/bin/sh -c make all\" did not complete successfully: "
                        + "exec: \"x\": executable file not found in $PATH (exit code: 127)");
    }

    @Test
    void timeoutsAndCancellationsSaySo() {
        assertThat(result(RunResult.Status.TIMED_OUT, 137, Optional.empty()).failureMessage())
                .hasValue("process \"/bin/sh -c make all\" exceeded its timeout and was killed after 90.0s (exit code: 137)");
        assertThat(result(RunResult.Status.CANCELLED, 137, Optional.empty()).failureMessage())
                .hasValue("process \"/bin/sh -c make all\" was cancelled (exit code: 137)");
        assertThat(result(RunResult.Status.CANCELLED, 0, Optional.empty()).succeeded()).isFalse();
    }
}
