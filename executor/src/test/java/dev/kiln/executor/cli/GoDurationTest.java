package dev.kiln.executor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
            "336h, 1209600000000000",
            "6h30m, 23400000000000",
            "1.5h, 5400000000000",
            "90s, 90000000000",
            "300ms, 300000000",
            "2us, 2000",
            "2µs, 2000",
            "7ns, 7",
            "0, 0",
            "-1m, -60000000000",
            "1h0m0s, 3600000000000",
            ".5s, 500000000",
    })
    void parsesGoDurations(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h", "10", "10x", "1d", "1h 2m", "--1h", "1.h.5"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid duration \"" + text + "\"");
    }

    @Test
    void formatsAsGoDoes() {
        assertThat(GoDuration.format(Duration.ofHours(336))).isEqualTo("336h0m0s");
        assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoDuration.format(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoDuration.format(Duration.ofMinutes(-2))).isEqualTo("-2m0s");
    }
}
