package dev.kiln.engine.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PatternMatcher}: Docker's two matching modes and pattern compilation. */
class PatternMatcherTest {

    @Test
    void parentMatchingTriesEveryParentWhileTheWalkInheritsResults() {
        PatternMatcher m = PatternMatcher.compile(List.of("a", "!a/c", "a"));

        assertThat(m.matches("a/c")).isTrue();
        PatternMatcher.Result a = m.matches("a", PatternMatcher.MatchInfo.NONE);
        assertThat(a.matched()).isTrue();
        assertThat(m.matches("a/c", a.info()).matched()).isFalse();
    }

    @Test
    void lastMatchingPatternWins() {
        PatternMatcher m = PatternMatcher.compile(List.of("*.md", "!README.md", "README*"));

        assertThat(m.matches("README.md")).isTrue();
        assertThat(m.matches("CHANGES.md")).isTrue();
        assertThat(m.matches("main.go")).isFalse();
        assertThat(m.hasExclusions()).isTrue();
    }

    @Test
    void patternsAreTrimmedCleanedAndEmptyOnesSkipped() {
        PatternMatcher m = PatternMatcher.compile(List.of("  a/b/../c/  ", "", "\u00a0", "!d//e"));

        assertThat(m.patterns()).extracting(PathPattern::toString).containsExactly("a/c", "!d/e");
        assertThat(m.patterns().get(1).exclusion()).isTrue();
        assertThat(m.patterns().get(1).text()).isEqualTo("d/e");
    }

    @Test
    void errorsNameThePatternAndItsIndex() {
        assertThatThrownBy(() -> PatternMatcher.compile(List.of("ok", "", "x[")))
                .isInstanceOf(InvalidPatternException.class)
                .hasMessage("invalid pattern \"x[\": syntax error in pattern")
                .satisfies(e -> assertThat(((InvalidPatternException) e).index()).isEqualTo(2));
    }

    @Test
    void regularExpressionErrorsSayWhatGoSays() {
        assertThatThrownBy(() -> PatternMatcher.compile(List.of("[z-a]")))
                .isInstanceOf(InvalidPatternException.class)
                .hasMessage("invalid pattern \"[z-a]\": syntax error in pattern (invalid character class range: `z-a`)");
    }

    @Test
    void matchInfoOfAnotherListIsRejected() {
        PatternMatcher one = PatternMatcher.compile(List.of("a"));
        PatternMatcher two = PatternMatcher.compile(List.of("a", "b"));

        PatternMatcher.MatchInfo info = two.matches("a", PatternMatcher.MatchInfo.NONE).info();
        assertThatThrownBy(() -> one.matches("a/b", info)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortcutsMatchLikeDocker() {
        assertThat(PatternMatcher.compile(List.of("a/**")).matches("a")).isFalse();
        assertThat(PatternMatcher.compile(List.of("a/**")).matches("a/b")).isTrue();
        assertThat(PatternMatcher.compile(List.of("**/b")).matches("b")).isTrue();
        assertThat(PatternMatcher.compile(List.of("**b")).matches("ab")).isTrue();
        assertThat(PatternMatcher.compile(List.of("**")).matches("x/y")).isTrue();
    }
}
