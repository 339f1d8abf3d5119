package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetupScriptTest {

    @Test
    void valuesAreSingleQuotedWithQuotesEscaped() {
        assertThat(SetupScript.q("plain")).isEqualTo("'plain'");
        assertThat(SetupScript.q("it's $HOME `x`")).isEqualTo("'it'\\''s $HOME `x`'");
    }

    @Test
    void stepsFailNamingThemselvesAndTheScriptEndsByExecingItsArguments() {
        String s = new SetupScript("/w/setup.log")
                .step("mount /proc", "mount", "-t", "proc", "proc", "/r/proc")
                .optional("mount", "-t", "sysfs", "sysfs", "/r/sys")
                .finish("/w/ready");
        assertThat(s.lines()).containsExactly(
                "set -u",
                "exec 3>&2 2>>'/w/setup.log'",
                "fail() { echo \"kiln: $1 failed\" >&2; exit 125; }",
                "'mount' '-t' 'proc' 'proc' '/r/proc' || fail 'mount /proc'",
                "'mount' '-t' 'sysfs' 'sysfs' '/r/sys' 2>/dev/null || :",
                ": > '/w/ready' || fail 'mark the setup done'",
                "exec 2>&3 3>&- </dev/null",
                "exec \"$@\"");
    }
}
