package dev.kiln.engine.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviours of {@link ShellLex} beyond the expansion tables: results, options, errors. */
class ShellLexTest {

    private static final Env ENV = Env.of(Map.of("FOO", "xxx", "EMPTY", ""));

    private final ShellLex lex = ShellLex.standard();

    @Test
    void reportsFoundAndMissingVariablesInLookupOrder() {
        // the word of ${A:-$EMPTY} is expanded before A is looked up
        Expansion e = lex.processWord("${B-b} $FOO ${A:-$EMPTY} $FOO ${1}", ENV);

        assertThat(e.value()).isEqualTo("b xxx  xxx ");
        assertThat(e.matched()).containsExactly("FOO", "EMPTY");
        assertThat(e.unmatched()).containsExactly("B", "A", "1");
        assertThat(e.referenced()).containsExactly("FOO", "EMPTY", "B", "A", "1");
    }

    @Test
    void countsVariablesOfBranchesNotTakenAsReferenced() {
        // BuildKit expands the word of ${X:-word} before it knows whether X is set.
        Expansion e = lex.processWord("${FOO:-$OTHER}", ENV);

        assertThat(e.value()).isEqualTo("xxx");
        assertThat(e.unmatched()).containsExactly("OTHER");
    }

    @Test
    void processWordWithMatchesIsProcessWord() {
        assertThat(lex.processWordWithMatches("a $FOO", ENV)).isEqualTo(lex.processWord("a $FOO", ENV));
        assertThat(lex.expand("a $FOO", ENV)).isEqualTo("a xxx");
    }

    @Test
    void expansionResultsAreReadOnly() {
        Expansion e = lex.processWord("$FOO $BAR", ENV);

        assertThatThrownBy(() -> e.matched().add("X")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> e.words().add("X")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsEscapeCharactersOtherThanBackslashAndBacktick() {
        assertThatThrownBy(() -> ShellLex.of('^'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("escape character must be '\\' or '`'");
    }

    @Test
    void rawQuotesKeepTheQuotes() {
        ShellLex raw = lex.withOptions(new ShellLex.Options(true, false, false, false));

        assertThat(raw.expand("'a b' \"$FOO\"", ENV)).isEqualTo("'a b' \"xxx\"");
    }

    @Test
    void rawEscapesKeepTheEscapeCharacters() {
        ShellLex raw = lex.withOptions(new ShellLex.Options(false, true, false, false));

        assertThat(raw.expand("a\\ b\\$FOO", ENV)).isEqualTo("a\\ b\\$FOO");
    }

    @Test
    void skipUnsetEnvLeavesReferencesToUnsetVariablesAsWritten() {
        ShellLex skip = lex.withOptions(new ShellLex.Options(false, false, false, true));

        assertThat(skip.expand("$FOO $NOPE ${NOPE} ${NOPE:-d} ${NOPE//a/b}", ENV))
                .isEqualTo("xxx $NOPE ${NOPE} ${NOPE:-d} ${NOPE/a/b}");
    }

    @Test
    void heredocBodiesKeepQuotesAndUseBackslashWhateverTheDirective() {
        ShellLex body = ShellLex.forHeredocBody();

        assertThat(body.escape()).isEqualTo(ShellLex.BACKSLASH);
        assertThat(body.expand("echo \"$FOO\" '$FOO' \\$FOO", ENV)).isEqualTo("echo \"xxx\" 'xxx' $FOO");
    }

    @Test
    void dropsAByteOrderMarkAtTheStartOnly() {
        assertThat(lex.expand("\uFEFFa\uFEFF", ENV)).isEqualTo("a\uFEFF");
    }

    @Test
    void errorMessagesQuoteTheWordLikeGo() {
        assertThatThrownBy(() -> lex.processWord("a\t\"b", ENV))
                .isInstanceOf(ExpansionException.class)
                .hasMessage("failed to process \"a\\t\\\"b\": unexpected end of statement while looking "
                        + "for matching double-quote");
    }

    @Test
    void errorMessagesShortenLongWordsButKeepThemWhole() {
        String word = "x".repeat(5000) + "${";

        ExpansionException e = (ExpansionException) org.assertj.core.api.Assertions.catchThrowable(
                () -> lex.processWord(word, ENV));

        assertThat(e.getMessage()).hasSizeLessThan(300).contains("...");
        assertThat(e.word()).isEqualTo(word);
        assertThat(e.kind()).isEqualTo(ExpansionException.Kind.MISSING_BRACE);
    }

    @Test
    void requiredVariableErrorsCarryTheExpandedMessage() {
        assertThatThrownBy(() -> lex.processWord("${VAR:?message here$FOO}", Env.of(Map.of("VAR", "", "FOO", "x"))))
                .isInstanceOf(ExpansionException.class)
                .hasMessageEndingWith(": VAR: message herex")
                .extracting(e -> ((ExpansionException) e).kind())
                .isEqualTo(ExpansionException.Kind.REQUIRED_VARIABLE);
    }

    @Test
    void namesAreCaseSensitive() {
        assertThat(lex.expand("$foo$FOO", ENV)).isEqualTo("xxx");
    }

    @Test
    void buildsReleaseFileNamesFromPlatformArgs() {
        String release = "kiln-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";

        assertThat(lex.expand(release, Env.of(Map.of("VERSION", "v1", "TARGETOS", "linux", "TARGETARCH", "arm",
                "TARGETVARIANT", "v7")))).isEqualTo("kiln-v1.linux-arm-v7.tar.gz");
        assertThat(lex.expand(release, Env.of(Map.of("VERSION", "v1", "TARGETOS", "linux", "TARGETARCH", "amd64",
                "TARGETVARIANT", "")))).isEqualTo("kiln-v1.linux-amd64.tar.gz");
    }

    @Test
    void splitsOnValuesButNotOnQuotedText() {
        Env env = Env.of(Map.of("P", "80 443"));

        assertThat(lex.processWords("$P \"8080 9090\"", env)).containsExactly("80", "443", "8080 9090");
        assertThat(lex.processWord("$P", env).words()).isEqualTo(List.of("80", "443"));
    }

    @Test
    void patternsMatchInTimeLinearInTheValue() {
        // A backtracking matcher needs exponential time for this; BuildKit's (Go's) and Kiln's do not.
        Env env = Env.of(Map.of("V", "a".repeat(20_000)));

        assertThat(lex.expand("${V##*a*a*a*a*a*a*a*a*a*a*b}", env)).hasSize(20_000);
        assertThat(lex.expand("${V//*a*a*a*a*a*a*a*b/x}", env)).hasSize(20_000);
    }
}
