package dev.kiln.engine.dockerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.parser.ParseWarning;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Build-check warnings and the {@code # check=} directive. */
class BuildChecksTest {

    private static List<String> warnings(String text) {
        return Dockerfile.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8)).warnings().stream()
                .map(ParseWarning::toString).toList();
    }

    @Test
    void reportsBuildKitsMessagesWithRuleAndLine() {
        assertThat(warnings("FROM busybox as Build\nMAINTAINER me\nENV A b\nCMD run\n")).containsExactly(
                "Dockerfile:1: StageNameCasing: Stage name 'Build' should be lowercase",
                "Dockerfile:1: FromAsCasing: 'as' and 'FROM' keywords' casing do not match",
                "Dockerfile:2: MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label",
                "Dockerfile:3: LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "Dockerfile:4: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals");
    }

    @Test
    void warningsLinkToTheRulesDocumentation() {
        ParseWarning w = Dockerfile.parse("Dockerfile", "FROM x\nRUN a \\\n\n b\n".getBytes(StandardCharsets.UTF_8))
                .warnings().getFirst();

        assertThat(w.url()).isEqualTo("https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/");
        assertThat(BuildChecks.kebab("JSONArgsRecommended")).isEqualTo("json-args-recommended");
    }

    @Test
    void instructionCasingFollowsTheMajorityAndSkipsGlobalArgs() {
        assertThat(warnings("arg A\nFROM x\nrun a\nrun b\nrun c\nCOPY c d\n")).containsExactly(
                "Dockerfile:2: ConsistentInstructionCasing: Command 'FROM' should match the case of the command majority (lowercase)",
                "Dockerfile:6: ConsistentInstructionCasing: Command 'COPY' should match the case of the command majority (lowercase)");
        // a tie goes to upper case, and the global ARG does not count
        assertThat(warnings("arg A\nFROM x\nrun a\nCOPY c d\n")).containsExactly(
                "Dockerfile:3: ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase)");
    }

    @Test
    void aShellInTheStageOrItsBaseStageSilencesJsonArgsRecommended() {
        assertThat(warnings("FROM x AS a\nSHELL [\"bash\", \"-c\"]\nCMD one\nFROM a\nCMD two\nFROM x\nCMD three\n"))
                .containsExactly("Dockerfile:7: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals");
    }

    @Test
    void checkDirectiveSkipsRulesOrAll() {
        assertThat(warnings("# check=skip=MaintainerDeprecated,JSONArgsRecommended\nFROM x\nMAINTAINER m\nCMD c\n")).isEmpty();
        assertThat(warnings("# check=skip=all\nfrom x AS Y\nRUN a\n")).isEmpty();
    }

    @Test
    void aCheckCommentAboveAnInstructionSkipsRulesForItOnly() {
        assertThat(warnings("FROM x\n# check=skip=MaintainerDeprecated\nMAINTAINER a\nMAINTAINER b\n")).containsExactly(
                "Dockerfile:4: MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label");
    }

    @Test
    void parsesCheckOptionsLikeBuildKit() {
        assertThat(CheckOptions.parse("skip=A,B;error=true;experimental=all")).isEqualTo(
                new CheckOptions(false, List.of("A", "B"), true, true, List.of()));
        // only the text before the first space counts, as in BuildKit
        assertThat(CheckOptions.parse("skip=A, B;error=true")).isEqualTo(
                new CheckOptions(false, List.of("A", ""), false, false, List.of()));
        assertThat(CheckOptions.parse("error=true ignored-after-space")).isEqualTo(
                new CheckOptions(false, List.of(), true, false, List.of()));
        assertThat(CheckOptions.parse("  ")).isEqualTo(CheckOptions.DEFAULT);
        assertThatThrownBy(() -> CheckOptions.parse("skip")).hasMessage("invalid check option \"skip\"");
        assertThatThrownBy(() -> CheckOptions.parse("warn=all")).hasMessage("invalid check option \"warn\"");
    }

    @Test
    void anInvalidCheckDirectiveFailsBeforeAnythingElse() {
        assertThatThrownBy(() -> Dockerfile.parse("Dockerfile", "# check=nope\nFOO\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("Dockerfile:1: failed to parse check options: invalid check option \"nope\"");
    }

    @Test
    void exposesTheSyntaxDirective() {
        Dockerfile d = Dockerfile.parse("Dockerfile", "# syntax=docker/dockerfile:1\nFROM x\n".getBytes(StandardCharsets.UTF_8));

        assertThat(d.syntax()).contains("docker/dockerfile:1");
        assertThat(d.checks().failOnWarnings()).isFalse();
    }
}
