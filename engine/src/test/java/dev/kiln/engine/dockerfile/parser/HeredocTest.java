package dev.kiln.engine.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Heredoc words and bodies, as BuildKit's {@code ParseHeredoc} and parser read them. */
class HeredocTest {

    private static List<Heredoc> heredocs(String text) {
        return DockerfileParser.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8)).nodes().getLast().heredocs();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "<<EOF       | EOF     | true  | false | 0",
        "<<-EOF      | EOF     | true  | true  | 0",
        "<<'EOF'     | EOF     | false | false | 0",
        "<<\"EOF\"   | EOF     | false | false | 0",
        "<<E\"O\"F   | EOF     | false | false | 0",
        "~<< EOF~    | EOF     | true  | false | 0",
        "~<<- EOF~   | EOF     | true  | true  | 0",
        "3<<EOF      | EOF     | true  | false | 3",
        "<<eo\\'f    | eo'f    | true  | false | 0",
        "<<$EOF      | $EOF    | true  | false | 0",
        "<<file.txt  | file.txt| true  | false | 0",
        "<<\\EOF     | EOF     | true  | false | 0",
    })
    void readsAHeredocWord(String word, String name, boolean expand, boolean chomp, int fd) {
        assertThat(Heredoc.fromWord(word.strip())).hasValueSatisfying(h -> {
            assertThat(h.name()).isEqualTo(name.strip());
            assertThat(h.expand()).isEqualTo(expand);
            assertThat(h.chomp()).isEqualTo(chomp);
            assertThat(h.fileDescriptor()).isEqualTo(fd);
            assertThat(h.content()).isEmpty();
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh", "a<<EOF", "<<'EOF", "<<\"\""})
    void otherWordsAreNotHeredocs(String word) {
        assertThat(Heredoc.fromWord(word)).isEmpty();
    }

    @Test
    void readsTheBodyUpToTheDelimiterLine() {
        assertThat(heredocs("FROM x\nRUN <<EOF\n# not a comment \\\n\n  EOF\nEOF\n"))
                .containsExactly(new Heredoc("EOF", 0, true, false, "# not a comment \\\n\n  EOF\n"));
    }

    @Test
    void chompedBodiesKeepTheirTabsUntilUsed() {
        Heredoc doc = heredocs("FROM x\nRUN <<-EOF\n\ta\n\t\tb\n\tEOF\n").getFirst();

        assertThat(doc.content()).isEqualTo("\ta\n\t\tb\n");
        assertThat(doc.effectiveContent()).isEqualTo("a\nb\n");
        assertThat(Heredoc.chompTabs("\tx\n  \ty\n\t")).isEqualTo("x\n  \ty\n");
    }

    @Test
    void severalHeredocsOnOneLineAreReadInOrder() {
        assertThat(heredocs("FROM x\nCOPY <<A <<B /d\nb\nA\na\nB\n")).extracting(Heredoc::name, Heredoc::content)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", "b\n"),
                        org.assertj.core.groups.Tuple.tuple("B", "a\n"));
    }

    @Test
    void onlyRunCopyAndAddInShellFormTakeHeredocs() {
        assertThat(heredocs("FROM x\nUSER <<EOF\n")).isEmpty();
        assertThat(heredocs("FROM x\nRUN [\"<<EOF\"]\n")).isEmpty();
        assertThat(heredocs("FROM x\nRUN echo '<<EOF' \"<<EOF\"\n")).isEmpty();
        assertThat(heredocs("FROM x\nADD <<EOF /a\nz\nEOF\n")).hasSize(1);
        assertThat(heredocs("FROM x\nONBUILD COPY <<EOF /a\nz\nEOF\n")).hasSize(1);
    }

    @Test
    void anUnterminatedHeredocNamesTheInstructionsFirstLine() {
        assertThatThrownBy(() -> heredocs("FROM x\nRUN <<EOF\nline\n  EOF\n"))
                .isInstanceOf(DockerfileParseException.class)
                .hasMessage("Dockerfile:2: unterminated heredoc")
                .satisfies(e -> assertThat(((DockerfileParseException) e).endLine()).isEqualTo(4));
    }

    @Test
    void aLineTheLexerCannotReadHasNoHeredocs() {
        assertThat(heredocs("FROM x\nRUN cat <<EOF \"unterminated\n")).isEmpty();
    }
}
