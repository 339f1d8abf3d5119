package dev.kiln.engine.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Seeded random words: whatever the input, expansion either returns or throws {@link ExpansionException},
 * never hangs and never overflows the stack. The time limits only guard against hangs; they are far above
 * what the work needs.
 */
class ShellLexFuzzTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static final List<String> TOKENS = List.of("$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "\\", "'",
            "\"", "`", "a", "b", "_", "A", "1", "0", "@", "*", "!", " ", "\t", "\n", "<", "<<", "[", "]", ".", "=",
            "é", "한", "🐳", "\uFEFF", "${", "${a", "${b", ":-", ":+", ":?", "##", "%%", "//", "\\}", "\\/", "\\*",
            "$0", "$a", "'$0'");

    private static final Env ENV = Env.of(Map.of("a", "abc", "b", "", "c", "x y", "d", "a*b?c", "e", "$0",
            "f", "l1\nl2", "g", " lead trail ", "h", "aaa"));

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20260101})
    void randomWordsExpandOrFailWithTheTypedException(long seed) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Random random = new Random(seed);
            for (int i = 0; i < 25_000; i++) {
                String word = randomWord(random, random.nextInt(16));
                ShellLex lex = ShellLex.of(random.nextInt(5) == 0 ? ShellLex.BACKTICK : ShellLex.BACKSLASH,
                        new ShellLex.Options(random.nextInt(8) == 0, random.nextInt(8) == 0,
                                random.nextInt(8) == 0, random.nextInt(8) == 0));
                Env env = random.nextBoolean() ? ENV : Env.empty();
                Throwable thrown = catchThrowable(() -> {
                    Expansion e = lex.processWord(word, env);
                    assertThat(e.matched()).allMatch(env::contains);
                    assertThat(e.unmatched()).noneMatch(env::contains);
                    assertThat(e.words()).noneMatch(String::isEmpty);
                });
                if (thrown != null) {
                    assertThat(thrown).as("word %s", word).isInstanceOf(ExpansionException.class);
                    assertThat(((ExpansionException) thrown).word()).isEqualTo(word);
                }
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8})
    void escapingEveryCharacterGivesTheTextBack(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            String text = randomWord(random, random.nextInt(12));
            StringBuilder escaped = new StringBuilder();
            text.codePoints().forEach(cp -> escaped.append('\\').appendCodePoint(cp));

            assertThat(ShellLex.standard().expand(escaped.toString(), ENV)).isEqualTo(text);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {9, 10})
    void singleQuotesKeepAnyTextWithoutSingleQuotes(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            String text = randomWord(random, random.nextInt(12)).replace("'", "");

            assertThat(ShellLex.standard().expand("'" + text + "'", ENV)).isEqualTo(text);
        }
    }

    @Test
    void aMegabyteWordCompletes() {
        StringBuilder word = new StringBuilder();
        Random random = new Random(42);
        List<String> pieces = List.of("plain ", "$a", "${c}", "'${q}'", "\"$h\"", "${nope:-def}", "${a#a}",
                "${d//\\*/+}", "\\$", "${f%%l*}", " ");
        while (word.length() < 1_000_000) {
            word.append(pieces.get(random.nextInt(pieces.size())));
        }
        String input = word.toString();

        Expansion e = assertTimeoutPreemptively(HANG_GUARD, () -> ShellLex.standard().processWord(input, ENV));

        assertThat(e.value().length()).isGreaterThan(500_000);
        assertThat(e.words()).isNotEmpty();
        assertThat(e.matched()).contains("a", "c", "h", "d", "f");
    }

    @Test
    void aMegabyteValueIsTrimmedAndReplacedInLinearTime() {
        Env big = Env.of(Map.of("V", "ab".repeat(500_000) + "c"));

        String trimmed = assertTimeoutPreemptively(HANG_GUARD,
                () -> ShellLex.standard().expand("${V##*a*b*a*b*a*b}", big));
        String replaced = assertTimeoutPreemptively(HANG_GUARD,
                () -> ShellLex.standard().expand("${V//ab/x}", big));

        assertThat(trimmed).isEqualTo("c");
        assertThat(replaced).hasSize(500_001).endsWith("xc");
    }

    @Test
    void deepNestingFailsWithTheTypedExceptionInsteadOfOverflowingTheStack() {
        String word = "${a:-\"".repeat(100_000) + "x";

        Throwable thrown = catchThrowable(() -> assertTimeoutPreemptively(HANG_GUARD,
                () -> ShellLex.standard().processWord(word, Env.empty())));

        assertThat(thrown).isInstanceOf(ExpansionException.class);
        assertThat(((ExpansionException) thrown).kind()).isEqualTo(ExpansionException.Kind.TOO_DEEP);
    }

    @Test
    void nestingWithinTheLimitStillWorks() {
        String word = "${a:-".repeat(150) + "deep" + "}".repeat(150);

        assertThat(ShellLex.standard().expand(word, Env.empty())).isEqualTo("deep");
    }

    private static String randomWord(Random random, int tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            sb.append(TOKENS.get(random.nextInt(TOKENS.size())));
        }
        return sb.toString();
    }
}
