package dev.kiln.engine.run.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserSpecTest {

    @Test
    void splitsAtTheFirstColonAndKeepsNames() {
        assertThat(UserSpec.parse("app:staff")).isEqualTo(new UserSpec("app", "staff"));
        assertThat(UserSpec.parse("app")).isEqualTo(new UserSpec("app", ""));
        assertThat(UserSpec.parse("")).isEqualTo(new UserSpec("", ""));
        assertThat(UserSpec.parse("a:b:c")).isEqualTo(new UserSpec("a", "b"));
    }

    @Test
    void numbersAreGosAtoiNumbers() {
        assertThat(UserSpec.parse("+7").userId()).isEqualTo(new UserSpec.OptionalLongId(true, 7));
        assertThat(UserSpec.parse("-1").userId()).isEqualTo(new UserSpec.OptionalLongId(true, -1));
        assertThat(UserSpec.parse("1e3").userId().present()).isFalse();
        assertThat(UserSpec.parse("99999999999999999999").userId().present()).isFalse();
        assertThat(UserSpec.parse("5").userId().inRange()).hasValue(5);
        assertThat(UserSpec.parse("-1").userId().inRange()).isEmpty();
    }
}
