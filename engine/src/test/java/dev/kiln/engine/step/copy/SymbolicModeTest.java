package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Symbolic --chmod modes, with expectations from BSD chmod(1) semantics as BuildKit's dchapes/mode port applies them. */
class SymbolicModeTest {

    @ParameterizedTest(name = "{0} on {1} (dir={2}) gives {3}")
    @CsvSource({
            "u+x, 0644, false, 0744",
            "go-w, 0666, false, 0644",
            "go-w, 0777, true, 0755",
            "a=r, 0755, false, 0444",
            "a=r, 0755, true, 0444",
            "+x, 0644, false, 0755",
            "a+X, 0644, false, 0644",
            "a+X, 0744, false, 0755",
            "a+X, 0600, true, 0711",
            "'u=rw,g=r,o=r', 0777, false, 0644",
            // X counts only after +: BuildKit's parser drops it from u=rwX, so a directory gets no x here
            "'u=rwX,go=rX', 0700, true, 0644",
            "g=u, 0750, false, 0770",
            "o=g, 0751, false, 0755",
            "u-x+s, 0755, false, 4655",
            "o+t, 0777, true, 0777",
            "+t, 0777, true, 1777",
            "ug+s, 0755, false, 6755",
            "u+rw-x, 0100, false, 0600",
            "=, 0777, false, 0000",
            "'a-rwx,u+r', 0777, false, 0400",
            "g+u-w, 0704, false, 0754",
    })
    void appliesLikeBuildKit(String mode, String before, boolean dir, String after) {
        int result = SymbolicMode.parse(mode).apply(Integer.parseInt(before, 8), dir);
        assertThat(String.format("%04o", result)).isEqualTo(after);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "u", "u+x,", "z+x", "u+y", "755x", "u!x"})
    void rejectsWhatIsNotASymbolicMode(String mode) {
        assertThatThrownBy(() -> SymbolicMode.parse(mode))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid chmod parameter: '" + mode + "': invalid symbolic mode syntax");
    }
}
