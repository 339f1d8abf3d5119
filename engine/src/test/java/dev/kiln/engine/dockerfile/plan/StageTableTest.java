package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.Suggest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.dockerfile.instruction.RunMount;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageTableTest {

    @Test
    void atoiAcceptsGoIntegersOnly() {
        assertThat(StageTable.goAtoi("0")).isEqualTo(0L);
        assertThat(StageTable.goAtoi("+1")).isEqualTo(1L);
        assertThat(StageTable.goAtoi("-1")).isEqualTo(-1L);
        assertThat(StageTable.goAtoi("007")).isEqualTo(7L);
        assertThat(StageTable.goAtoi("")).isNull();
        assertThat(StageTable.goAtoi("+")).isNull();
        assertThat(StageTable.goAtoi("1_000")).isNull();
        assertThat(StageTable.goAtoi("0x1")).isNull();
        assertThat(StageTable.goAtoi("\u0661")).isNull(); // Arabic-Indic one: a digit to Java, not to Go
        assertThat(StageTable.goAtoi("99999999999999999999")).isNull();
    }

    @Test
    void mountFromIsReadFromTheCsvBeforeExpansion() {
        assertThat(MountFrom.ofSpec("type=bind,from=build,target=/x")).isEqualTo("build");
        assertThat(MountFrom.ofSpec("\"from=build\",target=$HOME")).isEqualTo("build");
        assertThat(MountFrom.ofSpec("target=$HOME,FROM=tools")).isEqualTo("tools");
        assertThat(MountFrom.ofSpec("from=a,from=b")).isEqualTo("b");
        assertThat(MountFrom.ofSpec("\"target=/a,b\",uid=$UID")).isEmpty();
        assertThat(MountFrom.ofSpec("\"from=x\"\"y\"")).isEqualTo("x\"y");
        assertThat(MountFrom.of(new RunMount.Unresolved("type=cache,target=$T,from=seed"))).isEqualTo("seed");
    }

    @Test
    void suggestionsPickTheClosestNameWithinTwoEdits() {
        assertThat(Suggest.search("biuld", List.of("build", "release"), true)).isEqualTo("build");
        assertThat(Suggest.search("deploy", List.of("build", "release"), true)).isNull();
        assertThat(Suggest.search("build", List.of("build", "builds"), true)).isNull();
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    }
}
