package dev.kiln.engine.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Go library behaviours the ignore rules rest on: path cleaning, filepath.Match, regexp. */
class GoSemanticsTest {

    @ParameterizedTest(name = "clean({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "''|.", "a|a", "/|/", "a/|a", "//a//b//|/a/b", "./a|a", "a/.|a", "a/../b|b", "../a|../a", "a/../..|..",
        "/..|/", "/../a|/a", "a/b/../../..|..", ".|.", "..|..", "!./x|!./x", "a/./b/./c/|a/b/c"})
    void cleansPathsLikeGo(String in, String out) {
        assertThat(GoPath.clean(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a|a|true", "a*|abc|true", "a*|a/b|false", "*|.|true", "?|/|false", "[a-c]|b|true", "[^a-c]|b|false",
        "\\*|*|true", "a[\\]]|a]|true", "*.go|x.go|true", "*/b|a/b|true", "a?|ab|true"})
    void matchesLikeFilepathMatch(String pattern, String name, boolean expected) throws Exception {
        assertThat(GoFilepathMatch.match(pattern, name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[", "a[", "[]", "[^]", "[a-]", "a\\", "[\\", "b[-x]", "x*[", "ab[c"})
    void rejectsWhatFilepathMatchRejectsEvenAfterAMismatch(String pattern) {
        assertThatThrownBy(() -> GoFilepathMatch.validate(pattern))
                .isInstanceOf(GoFilepathMatch.BadPatternException.class)
                .hasMessage("syntax error in pattern");
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '¦', value = {
        "^a$¦a¦true", "^a$¦ab¦false", "^[^/]*$¦a/b¦false", "^(.*/)?b$¦x/y/b¦true", "^\\d+$¦123¦true",
        "^[[:alpha:]]$¦q¦true", "^[[:^alpha:]]$¦q¦false", "^\\p{Greek}$¦λ¦true", "^a|b$¦xb¦true",
        "^[^/]{2}$¦ab¦true", "^[^/]{2}$¦abc¦false", "^\\Qa.b$¦a.b$¦true", "^x\\b$¦x¦true", "^\\x41$¦A¦true",
        "^\\101$¦A¦true", "^a{,2}$¦a{,2}¦true", "^[\\d-z]$¦-¦true"})
    void regularExpressionsMeanWhatTheyMeanInGo(String expr, String text, boolean expected) throws Exception {
        assertThat(GoRegex.compile(expr).matches(text)).isEqualTo(expected);
    }

    @Test
    void dotExcludesNewlineButNegatedClassesIncludeIt() throws Exception {
        assertThat(GoRegex.compile("^.$").matches("\n")).isFalse();
        assertThat(GoRegex.compile("^[^a]$").matches("\n")).isTrue();
        assertThat(GoRegex.compile("^[^/]*$").matches("a\nb")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[a", "a**", "*a", "a|*", "\\", "\\q", "\\é", "[z-a]", "[[:foo:]]", "\\p{Nope}", "(a",
        "a)", "a{1001}", "a{2,1}", "\\C", "(?i)a", "\\1"})
    void rejectsWhatGoRejects(String expr) {
        assertThatThrownBy(() -> GoRegex.compile(expr)).isInstanceOf(GoRegex.SyntaxException.class);
    }
}
