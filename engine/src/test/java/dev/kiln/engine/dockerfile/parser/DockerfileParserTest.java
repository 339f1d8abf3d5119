package dev.kiln.engine.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviours of {@link DockerfileParser}, each as BuildKit's parser has it. */
class DockerfileParserTest {

    private static SyntaxTree parse(String text) {
        return DockerfileParser.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    private static Node only(String text, int index) {
        return parse(text).nodes().get(index);
    }

    private static DockerfileParseException failure(String text) {
        try {
            parse(text);
        } catch (DockerfileParseException e) {
            return e;
        }
        throw new AssertionError("expected a parse error for: " + text);
    }

    @Test
    void stripsAUtf8ByteOrderMarkBeforeTheFirstLine() {
        SyntaxTree tree = parse("\uFEFF# escape=`\nFROM busybox\n");

        assertThat(tree.escapeToken()).isEqualTo('`');
        assertThat(tree.nodes().getFirst().keyword()).isEqualTo("from");
    }

    @Test
    void trimsCrlfLineEndingsButKeepsThemInHeredocBodies() {
        SyntaxTree tree = parse("FROM busybox\r\nRUN echo a \\\r\n  b\r\nRUN <<EOF\r\nx\r\nEOF\r\n");

        assertThat(tree.nodes().get(1).args()).containsExactly("echo a   b");
        assertThat(tree.nodes().get(2).heredocs().getFirst().content()).isEqualTo("x\r\n");
    }

    @Test
    void joinsContinuationLinesKeepingTheirIndentation() {
        Node run = only("FROM busybox\nRUN apt-get update && \\\n    apt-get install -y curl\n", 1);

        assertThat(run.original()).isEqualTo("RUN apt-get update &&     apt-get install -y curl");
        assertThat(run.location()).isEqualTo(new SourceRange("Dockerfile", 2, 3));
    }

    @Test
    void skipsCommentLinesInsideAContinuation() {
        Node run = only("FROM busybox\nRUN a \\\n# gone\n    # also gone\n  b\n", 1);

        assertThat(run.args()).containsExactly("a   b");
        assertThat(run.location().endLine()).isEqualTo(5);
    }

    @Test
    void warnsAboutEmptyContinuationLinesOverTheWholeInstruction() {
        SyntaxTree tree = parse("FROM busybox\nRUN a \\\n\n  b\nRUN c\n");

        assertThat(tree.nodes().get(1).args()).containsExactly("a   b");
        assertThat(tree.warnings()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("NoEmptyContinuation");
            assertThat(w.location()).isEqualTo(new SourceRange("Dockerfile", 2, 4));
        });
    }

    @Test
    void anEscapedEscapeAtTheEndOfALineDoesNotContinueIt() {
        SyntaxTree tree = parse("FROM busybox\nRUN echo \\\\\nRUN echo next\n");

        assertThat(tree.nodes()).hasSize(3);
        assertThat(tree.nodes().get(1).args()).containsExactly("echo \\\\");
    }

    @Test
    void continuationIgnoresQuotesAndTrailingBlanks() {
        Node run = only("FROM busybox\nRUN echo \"a \\ \t\n b\"\n", 1);

        assertThat(run.args()).containsExactly("echo \"a  b\"");
    }

    @Test
    void backtickEscapeDirectiveMakesBackslashesLiteral() {
        SyntaxTree tree = parse("# escape=`\nFROM busybox\nCOPY C:\\dir\\ C:\\out\\\nRUN a `\n b\n");

        assertThat(tree.nodes().get(1).args()).containsExactly("C:\\dir\\", "C:\\out\\");
        assertThat(tree.nodes().get(2).args()).containsExactly("a  b");
    }

    @Test
    void directivesAreCaseInsensitiveTrimmedAndRecordTheirLines() {
        SyntaxTree tree = parse("#  SYNTAX = docker/dockerfile:1  \n#Check=skip=all\nFROM busybox\n");

        assertThat(tree.directives()).containsExactly(new Directive("syntax", "docker/dockerfile:1", 1),
                new Directive("check", "skip=all", 2));
        assertThat(tree.directive(Directive.SYNTAX)).map(Directive::value).contains("docker/dockerfile:1");
    }

    @Test
    void directivesEndAtABlankLineACommentAnUnknownKeyOrAnInstruction() {
        assertThat(parse("\n# escape=`\nFROM x\n").directives()).isEmpty();
        assertThat(parse("# hello\n# escape=`\nFROM x\n").directives()).isEmpty();
        assertThat(parse("# foo=bar\n# escape=`\nFROM x\n").directives()).isEmpty();
        assertThat(parse("FROM x\n# escape=`\n").escapeToken()).isEqualTo('\\');
    }

    @Test
    void aRepeatedDirectiveIsAnErrorOnItsLine() {
        DockerfileParseException e = failure("# syntax=a\n# escape=`\n# SYNTAX=b\nFROM x\n");

        assertThat(e).hasMessage("Dockerfile:3: only one syntax parser directive can be used");
        assertThat(e.startLine()).isEqualTo(3);
    }

    @Test
    void anEscapeOtherThanBacktickOrBackslashIsAnError() {
        assertThat(failure("# escape=/\nFROM x\n"))
                .hasMessage("Dockerfile:1: invalid escape token '/' does not match ` or \\");
    }

    @Test
    void keepsTheCommentsDirectlyAboveAnInstruction() {
        SyntaxTree tree = parse("# base image\nFROM x\n# first\n#\n# second\n\nRUN y\n");

        assertThat(tree.nodes().get(0).comments()).containsExactly("base image");
        assertThat(tree.nodes().get(1).comments()).containsExactly("second");
    }

    @Test
    void splitsLeadingFlagsRemovingTheirQuotes() {
        Node copy = only("COPY --from=build --chown=\"a b\" --link src dst\n", 0);

        assertThat(copy.flags()).containsExactly("--from=build", "--chown=a b", "--link");
        assertThat(copy.args()).containsExactly("src", "dst");
    }

    @Test
    void aLoneDoubleDashEndsTheFlags() {
        Node copy = only("COPY --link -- --not-a-flag dst\n", 0);

        assertThat(copy.flags()).containsExactly("--link");
        assertThat(copy.args()).containsExactly("--not-a-flag", "dst");
    }

    @Test
    void readsFlagsByteWiseAsBuildKitDoes() {
        // BuildKit appends each UTF-8 byte of a flag as a character, and takes bytes 0x85 and 0xA0 for spaces
        assertThat(only("COPY --chown=jos\u00e9 a b\n", 0).flags()).containsExactly("--chown=jos\u00c3\u00a9");
        assertThat(only("COPY --from=a\u00a0b c d\n", 0).flags()).containsExactly("--from=a\u00c2");
        assertThat(only("COPY --\u00a0from=a c d\n", 0).flags()).containsExactly("--\u00c2");
    }

    @Test
    void readsJsonArraysAsExecForm() {
        Node cmd = only("CMD [\"echo\", \"a\\tb\", \"\\u00e9\"]\n", 0);

        assertThat(cmd.json()).isTrue();
        assertThat(cmd.args()).containsExactly("echo", "a\tb", "\u00e9");
    }

    @Test
    void textThatIsNotJsonFallsBackToShellForm() {
        for (String text : List.of("['a']", "[\"a\"] b", "[\"a\",]", "[\"a\" \"b\"]", "[a]", "[\"\\x\"]")) {
            Node cmd = only("CMD " + text + "\n", 0);
            assertThat(cmd.json()).as(text).isFalse();
            assertThat(cmd.args()).as(text).containsExactly(text);
        }
    }

    @Test
    void jsonWithNonStringElementsIsAnError() {
        assertThat(failure("FROM x\nRUN [\"a\", null]\n"))
                .hasMessage("Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only");
    }

    @Test
    void jsonLoneSurrogatesBecomeReplacementCharacters() {
        assertThat(only("CMD [\"\\ud800x\", \"\\ud83d\\ude00\"]\n", 0).args()).containsExactly("\uFFFDx", "\uD83D\uDE00");
    }

    @Test
    void jsonNestedDeeperThanGoAllowsIsShellForm() {
        String deep = "[".repeat(10_001) + "]".repeat(10_001);
        assertThat(only("CMD " + deep + "\n", 0).json()).isFalse();
        assertThat(failure("CMD " + "[".repeat(10_000) + "]".repeat(10_000) + "\n").reason())
                .startsWith("when using JSON array syntax");
    }

    @Test
    void keepsUnknownKeywordsWithOneEmptyArgument() {
        Node node = only("FOO bar baz\n", 0);

        assertThat(node.keyword()).isEqualTo("foo");
        assertThat(node.writtenKeyword()).isEqualTo("FOO");
        assertThat(node.args()).containsExactly("");
    }

    @Test
    void anOnbuildTriggerIsASubcommand() {
        Node onbuild = only("ONBUILD RUN [\"echo\", \"hi\"]\n", 0);

        assertThat(onbuild.toSexp()).isEqualTo("onbuild (run \"echo\" \"hi\")");
        assertThat(onbuild.arguments()).containsExactly("RUN", "echo", "hi");
        assertThat(onbuild.subcommand()).hasValueSatisfying(n -> assertThat(n.json()).isTrue());
    }

    @Test
    void deeplyChainedOnbuildIsRefusedEarly() {
        assertThat(failure("FROM x\n" + "ONBUILD ".repeat(20) + "RUN y\n"))
                .hasMessage("Dockerfile:2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    }

    @Test
    void anEmptyFileAndAFileWithoutInstructionsAreErrors() {
        assertThat(failure("")).hasMessage("Dockerfile: the Dockerfile cannot be empty");
        assertThat(failure("# syntax=x\n\n# only comments\n")).hasMessage("Dockerfile:3: file with no instructions");
    }

    @Test
    void theExceptionCarriesFileAndLineRange() {
        DockerfileParseException e = assertThrowsParse("build/app.Dockerfile", "FROM x\nRUN <<EOF \\\n  cat\nbody\n");

        assertThat(e.fileName()).isEqualTo("build/app.Dockerfile");
        assertThat(e.startLine()).isEqualTo(2);
        assertThat(e.endLine()).isEqualTo(4);
        assertThat(e.reason()).isEqualTo("unterminated heredoc");
        assertThat(e).hasMessage("build/app.Dockerfile:2: unterminated heredoc");
    }

    @Test
    void scanDirectivesSkipsAShebangAndIgnoresErrors() {
        byte[] content = "#!/bin/sh\n# check=skip=all\n# check=error=true\nFROM x\n".getBytes(StandardCharsets.UTF_8);

        assertThat(DockerfileParser.scanDirectives(content)).containsExactly(new Directive("check", "skip=all", 2));
    }

    @Test
    void directiveFromCommentReadsKnownKeysOnly() {
        assertThat(Directive.fromComment(" check=skip=all")).contains(new Directive("check", "skip=all", 0));
        assertThat(Directive.fromComment("note=this")).isEmpty();
        assertThat(Directive.fromComment("escape= ")).contains(new Directive("escape", " ", 0));
    }

    @Test
    void sexpDumpQuotesLikeGo() {
        assertThat(only("LABEL a=\"x\ty\"\n", 0).toSexp()).isEqualTo("label \"a\" \"\\\"x\\ty\\\"\" \"=\"");
    }

    private static DockerfileParseException assertThrowsParse(String file, String text) {
        try {
            DockerfileParser.parse(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (DockerfileParseException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> DockerfileParser.parse(null, new byte[1])).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DockerfileParser.parse("f", null)).isInstanceOf(NullPointerException.class);
    }
}
