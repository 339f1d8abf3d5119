package dev.kiln.engine.dockerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BuildKit's "did you mean" hints. */
class SuggestTest {

    @Test
    void computesLevenshteinDistance() {
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggest.distance("", "abc")).isEqualTo(3);
        assertThat(Suggest.distance("same", "same")).isZero();
    }

    @Test
    void suggestsOnlyWithinDistanceTwoAndNeverForAnExactMatch() {
        assertThat(Suggest.search("chmodd", List.of("chown", "chmod"), true)).isEqualTo("chmod");
        assertThat(Suggest.search("checksum", List.of("chown", "chmod"), true)).isNull();
        assertThat(Suggest.search("RUN", Suggest.INSTRUCTIONS, false)).isNull();
    }

    @Test
    void matchesTheCaseOfTheMisspelledWord() {
        assertThat(Suggest.search("RUNN", Suggest.INSTRUCTIONS, false)).isEqualTo("RUN");
        assertThat(Suggest.search("runn", Suggest.INSTRUCTIONS, false)).isEqualTo("run");
        assertThat(Suggest.search("Runn", Suggest.INSTRUCTIONS, false)).isEqualTo("run");
    }

    @Test
    void breaksTiesAlphabetically() {
        assertThat(Suggest.search("AS", Suggest.INSTRUCTIONS, false)).isEqualTo("ADD");
    }
}
