package dev.kiln.engine.step.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoFormatTest {

    @Test
    void durationsAreFormattedAsGoDoes() {
        // expectations from Go's time.Duration.String documentation and tests
        assertThat(GoFormat.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoFormat.duration(Duration.ofNanos(1))).isEqualTo("1ns");
        assertThat(GoFormat.duration(Duration.ofNanos(1100))).isEqualTo("1.1µs");
        assertThat(GoFormat.duration(Duration.ofNanos(2_200_000))).isEqualTo("2.2ms");
        assertThat(GoFormat.duration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(GoFormat.duration(Duration.ofMillis(3300))).isEqualTo("3.3s");
        assertThat(GoFormat.duration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(GoFormat.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoFormat.duration(Duration.ofMinutes(4).plusSeconds(5))).isEqualTo("4m5s");
        assertThat(GoFormat.duration(Duration.ofHours(5).plusMinutes(6).plusMillis(7001))).isEqualTo("5h6m7.001s");
        assertThat(GoFormat.duration(Duration.ofHours(2))).isEqualTo("2h0m0s");
        assertThat(GoFormat.duration(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo("2562047h47m16.854775807s");
        assertThat(GoFormat.duration(Duration.ofNanos(-1_500_000_000L))).isEqualTo("-1.5s");
    }

    @Test
    void quotedListsUseGoQuoting() {
        assertThat(GoFormat.quotedList(List.of())).isEqualTo("[]");
        assertThat(GoFormat.quotedList(List.of("a b", "say \"hi\"", "c:\\x", "\u0001\n", "é"))).isEqualTo(
                "[\"a b\" \"say \\\"hi\\\"\" \"c:\\\\x\" \"\\x01\\n\" \"é\"]");
    }

    @Test
    void plainListsJoinWithSpaces() {
        assertThat(GoFormat.list(List.of("/bin/sh", "-c"))).isEqualTo("[/bin/sh -c]");
        assertThat(GoFormat.list(List.of())).isEqualTo("[]");
    }
}
