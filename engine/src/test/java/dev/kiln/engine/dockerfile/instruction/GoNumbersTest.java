package dev.kiln.engine.dockerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Go parsers BuildKit's flags inherit: durations, sizes, unsigned and signed integers, booleans. */
class GoNumbersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0, 0", "+0, 0", "-0, 0", "1ns, 1", "1.5us, 1500", "1\u00b5s, 1000", "1\u03bcs, 1000", "300ms, 300000000",
        "2s, 2000000000", "1m30s, 90000000000", "1.5h, 5400000000000", ".5s, 500000000", "1.s, 1000000000",
        "-2m, -120000000000", "1h1m1s1ms1us1ns, 3661001001001", "9223372036854775807ns, 9223372036854775807",
    })
    void parsesGoDurations(String text, long nanos) {
        assertThat(GoNumbers.parseDuration(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "5|time: missing unit in duration \"5\"",
        "5x|time: unknown unit \"x\" in duration \"5x\"",
        "s|time: invalid duration \"s\"",
        ".s|time: invalid duration \".s\"",
        "1d|time: unknown unit \"d\" in duration \"1d\"",
        "9223372036854775808ns|time: invalid duration \"9223372036854775808ns\"",
        "99999999999999999999s|time: invalid duration \"99999999999999999999s\"",
        "1 s|time: unknown unit \" s\" in duration \"1 s\"",
    })
    void rejectsMalformedDurationsWithGosMessage(String text, String message) {
        assertThatThrownBy(() -> GoNumbers.parseDuration(text)).hasMessage(message);
    }

    @Test
    void emptyDurationIsInvalid() {
        assertThatThrownBy(() -> GoNumbers.parseDuration("")).hasMessage("time: invalid duration \"\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"100, 100", "1k, 1024", "64m, 67108864", "1.5g, 1610612736", "2GiB, 2147483648", "512 kb, 524288",
        "10b, 10", "1T, 1099511627776", "0.5k, 512"})
    void parsesRamSizesWithBinaryUnits(String text, long bytes) {
        assertThat(GoNumbers.ramInBytes(text)).contains(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lots", "1x", "1kib2", "-1", "1kbb", "1bb", "k"})
    void rejectsBadRamSizes(String text) {
        assertThat(GoNumbers.ramInBytes(text)).isEmpty();
    }

    @Test
    void parsesUnsignedIntegersWithinTheirBitSize() {
        assertThat(GoNumbers.parseUint("0755", 8, 32)).isEqualTo(OptionalLong.of(0755));
        assertThat(GoNumbers.parseUint("4294967295", 10, 32)).isEqualTo(OptionalLong.of(4294967295L));
        assertThat(GoNumbers.parseUint("4294967296", 10, 32)).isEmpty();
        assertThat(GoNumbers.parseUint("8", 8, 32)).isEmpty();
        assertThat(GoNumbers.parseUint("+1", 10, 32)).isEmpty();
        assertThat(GoNumbers.parseUint("", 10, 32)).isEmpty();
        assertThat(GoNumbers.parseUint("1_000", 10, 32)).isEmpty();
    }

    @Test
    void parsesSignedThirtyTwoBitIntegersLikeStrconv() {
        assertThat(GoNumbers.parseInt32("-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(GoNumbers.parseInt32("007")).isEqualTo(7);
        assertThatThrownBy(() -> GoNumbers.parseInt32("2147483648"))
                .hasMessage("strconv.ParseInt: parsing \"2147483648\": value out of range");
        assertThatThrownBy(() -> GoNumbers.parseInt32("1e3"))
                .hasMessage("strconv.ParseInt: parsing \"1e3\": invalid syntax");
    }

    @Test
    void parsesBooleansLikeStrconv() {
        assertThat(GoNumbers.parseBool("T")).contains(true);
        assertThat(GoNumbers.parseBool("False")).contains(false);
        assertThat(GoNumbers.parseBool("yes")).isEmpty();
        assertThat(GoNumbers.parseBool("tRUE")).isEmpty();
    }
}
