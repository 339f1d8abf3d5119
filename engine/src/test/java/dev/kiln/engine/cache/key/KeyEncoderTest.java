package dev.kiln.engine.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyEncoderTest {

    @Test
    void valuesAreLengthPrefixedSoBoundariesCannotShift() {
        assertThat(KeyEncoder.of("t").text("ab").text("c").key())
                .isNotEqualTo(KeyEncoder.of("t").text("a").text("bc").key());
        assertThat(KeyEncoder.of("t").field("words", List.of("a b")).key())
                .isNotEqualTo(KeyEncoder.of("t").field("words", List.of("a", "b")).key());
    }

    @Test
    void typesAreTaggedSoAStringNeverReadsAsANumber() {
        assertThat(KeyEncoder.of("t").field("n", 1).key()).isNotEqualTo(KeyEncoder.of("t").field("n", "1").key());
    }

    @Test
    void anAbsentOptionalDiffersFromAnEmptyOne() {
        assertThat(KeyEncoder.of("t").field("chown", Optional.empty()).key())
                .isNotEqualTo(KeyEncoder.of("t").field("chown", Optional.of("")).key());
    }

    @Test
    void thePurposeSeparatesKindsOfKeys() {
        assertThat(KeyEncoder.of("start").text("x").key()).isNotEqualTo(KeyEncoder.of("step").text("x").key());
    }
}
