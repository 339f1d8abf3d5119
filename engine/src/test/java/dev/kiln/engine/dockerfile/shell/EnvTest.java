package dev.kiln.engine.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviours of {@link Env}. */
class EnvTest {

    @Test
    void readsImageConfigEntriesWithTheLastValueWinningInTheFirstPosition() {
        Env env = Env.fromList(List.of("A=1", "B", "C=x=y", "A=2"));

        assertThat(env.names()).containsExactly("A", "B", "C");
        assertThat(env.get("A")).isEqualTo("2");
        assertThat(env.get("B")).isEmpty();
        assertThat(env.get("C")).isEqualTo("x=y");
        assertThat(env.get("D")).isNull();
        assertThat(env.lookup("D")).isEmpty();
    }

    @Test
    void redefiningKeepsThePositionAndAddingAppends() {
        Env env = Env.fromList(List.of("PATH=/bin", "HOME=/root")).with("PATH", "/usr/bin").with("USER", "kiln");

        assertThat(env.toList()).containsExactly("PATH=/usr/bin", "HOME=/root", "USER=kiln");
    }

    @Test
    void isImmutable() {
        Env a = Env.empty().with("A", "1");
        Env b = a.with("B", "2").without("A");

        assertThat(a.toList()).containsExactly("A=1");
        assertThat(b.toList()).containsExactly("B=2");
        assertThat(a.withAll(b).toList()).containsExactly("A=1", "B=2");
    }

    @Test
    void namesAreCaseSensitive() {
        Env env = Env.empty().with("path", "a").with("PATH", "b");

        assertThat(env.size()).isEqualTo(2);
        assertThat(env.get("Path")).isNull();
    }

    @Test
    void equalityIncludesOrder() {
        assertThat(Env.fromList(List.of("A=1", "B=2"))).isEqualTo(Env.fromList(List.of("A=1", "B=2")))
                .isNotEqualTo(Env.fromList(List.of("B=2", "A=1")));
    }

    @Test
    void toStringShowsNamesButNeverValues() {
        assertThat(Env.empty().with("TOKEN", "s3cret").toString()).isEqualTo("Env[TOKEN]").doesNotContain("s3cret");
    }
}
