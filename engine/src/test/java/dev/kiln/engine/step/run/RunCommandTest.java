package dev.kiln.engine.step.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.instruction.CommandLine;
import dev.kiln.engine.dockerfile.instruction.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCommandTest {

    private static CommandLine line(String dockerfile) {
        return ((Run) Fixtures.run(dockerfile).instruction()).command();
    }

    @Test
    void shellFormUsesTheDefaultShell() {
        RunCommand c = RunCommand.of(line("FROM scratch\nRUN echo hi && true\n"), List.of());
        assertThat(c.argv()).containsExactly("/bin/sh", "-c", "echo hi && true");
        assertThat(c.script()).isEmpty();
    }

    @Test
    void shellFormUsesTheImagesShell() {
        RunCommand c = RunCommand.of(line("FROM scratch\nRUN echo hi\n"), List.of("/bin/bash", "-eo", "pipefail", "-c"));
        assertThat(c.argv()).containsExactly("/bin/bash", "-eo", "pipefail", "-c", "echo hi");
    }

    @Test
    void execFormIsAsWritten() {
        RunCommand c = RunCommand.of(line("FROM scratch\nRUN [\"/bin/echo\", \"a b\", \"$HOME\"]\n"), List.of("/x"));
        assertThat(c.argv()).containsExactly("/bin/echo", "a b", "$HOME");
    }

    @Test
    void aLoneHeredocWithoutShebangIsTheShellsCommand() {
        RunCommand c = RunCommand.of(line("FROM scratch\nRUN <<EOF\necho one\necho two\nEOF\n"), List.of());
        assertThat(c.argv()).containsExactly("/bin/sh", "-c", "echo one\necho two\n");
        assertThat(c.script()).isEmpty();
    }

    @Test
    void aChompedHeredocLosesItsLeadingTabs() {
        RunCommand c = RunCommand.of(line("FROM scratch\nRUN <<-EOF\n\techo one\n\t\techo two\nEOF\n"), List.of());
        assertThat(c.argv().getLast()).isEqualTo("echo one\necho two\n");
    }

    @Test
    void aLoneHeredocWithShebangRunsAsAFileInDevPipes() {
        RunCommand c = RunCommand.of(line("FROM scratch\nRUN <<SCRIPT\n#!/bin/sh\necho from file\nSCRIPT\n"), List.of());
        assertThat(c.argv()).containsExactly("/bin/sh", "-c", "/dev/pipes/SCRIPT");
        assertThat(c.script()).contains(new RunCommand.Script("SCRIPT", "#!/bin/sh\necho from file\n"));
    }

    @Test
    void aHeredocAfterACommandIsReconstitutedForTheShell() {
        RunCommand c = RunCommand.of(line("FROM scratch\nRUN cat <<A > /a\nhello\nA\n"), List.of());
        assertThat(c.argv()).containsExactly("/bin/sh", "-c", "cat <<A > /a\nhello\nA");
        assertThat(c.script()).isEmpty();
    }

    @Test
    void twoHeredocsAreBothReconstituted() {
        RunCommand c = RunCommand.of(line("FROM scratch\nRUN cat <<A <<B\na\nA\nb\nB\n"), List.of());
        assertThat(c.argv().getLast()).isEqualTo("cat <<A <<B\na\nA\nb\nB");
    }

    @Test
    void anEmptyExecFormIsRefused() {
        assertThatThrownBy(() -> RunCommand.of(new CommandLine(List.of(), false, List.of()), List.of()))
                .hasMessage("the exec form has no command");
    }
}
