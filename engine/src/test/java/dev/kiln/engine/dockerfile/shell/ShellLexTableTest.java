package dev.kiln.engine.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the plain-text tables {@code expansion.txt} (processWord) and {@code words.txt} (processWords) next
 * to this class. Their expectations were checked against BuildKit's lexer.
 */
class ShellLexTableTest {

    private static final String EXPANSION = "/dev/kiln/engine/dockerfile/shell/expansion.txt";
    private static final String WORDS = "/dev/kiln/engine/dockerfile/shell/words.txt";

    @TestFactory
    Stream<DynamicTest> expandsEachWordAsBuildKit() throws IOException {
        return LexTable.read(EXPANSION, true).stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            ShellLex lex = ShellLex.of(row.escape());
            if (row.expected().startsWith("error ")) {
                String spec = row.expected().substring("error ".length());
                int colon = spec.indexOf(": ");
                ExpansionException.Kind kind = ExpansionException.Kind.valueOf(spec.substring(0, colon));
                String reason = spec.substring(colon + 2);
                ExpansionException e = catchThrowableOfType(ExpansionException.class,
                        () -> lex.processWord(row.input(), row.env()));
                assertThat(e).as("error expected").isNotNull();
                assertThat(e.kind()).isEqualTo(kind);
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.word()).isEqualTo(row.input());
                assertThat(e.getMessage()).startsWith("failed to process \"").endsWith("\": " + reason);
            } else {
                assertThat(lex.processWord(row.input(), row.env()).value()).isEqualTo(LexTable.decode(row.expected()));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> splitsEachWordAsBuildKit() throws IOException {
        return LexTable.read(WORDS, false).stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            ShellLex lex = ShellLex.standard();
            if (row.expected().equals("error")) {
                assertThatThrownBy(() -> lex.processWords(row.input(), row.env()))
                        .isInstanceOf(ExpansionException.class);
                return;
            }
            List<String> expected = row.expected().equals("(none)") ? List.of()
                    : Arrays.stream(row.expected().split(",", -1)).map(LexTable::decode).toList();
            assertThat(lex.processWords(row.input(), row.env())).containsExactlyElementsOf(expected);
        }));
    }

    @Test
    void tablesHaveTheRowsTheyPromise() throws IOException {
        List<LexTable.Row> rows = LexTable.read(EXPANSION, true);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(150);
        assertThat(rows).extracting(LexTable.Row::escape).contains(ShellLex.BACKSLASH, ShellLex.BACKTICK);
        assertThat(rows).filteredOn(r -> r.expected().startsWith("error ")).hasSizeGreaterThan(20);
        assertThat(LexTable.read(WORDS, false)).hasSizeGreaterThanOrEqualTo(40);
    }
}
