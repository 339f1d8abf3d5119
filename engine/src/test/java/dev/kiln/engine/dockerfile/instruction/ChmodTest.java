package dev.kiln.engine.dockerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --chmod} values as BuildKit's COPY/ADD accept them. */
class ChmodTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "755", "0644", "7777", "00007777"})
    void acceptsOctalModesUpTo7777(String value) {
        assertThat(Chmod.parse(value).octal()).isEqualTo(OptionalInt.of(Integer.parseInt(value, 8)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+x", "u+x", "u=rwx,g=rx,o=", "a+rX", "go-w", "u+s,g+s", "+t", "g=u", "u+x-w", "=", "-", "ugoa+rwxXst"})
    void acceptsSymbolicModes(String value) {
        assertThat(Chmod.parse(value).octal()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10000", "0789", "8", "755x", "0o755", "99999999999"})
    void rejectsNumbersThatAreNotOctalUpTo7777(String value) {
        assertThatThrownBy(() -> Chmod.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid chmod parameter: '" + value + "'. it should be octal string and between 0 and 07777");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "u", "x+u", "u+q", "u+x,", ",u+x", "rwx", "ugo", "u+x g+w"})
    void rejectsMalformedSymbolicModes(String value) {
        assertThatThrownBy(() -> Chmod.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid chmod parameter: '" + value + "': invalid symbolic mode syntax");
    }
}
