package dev.kiln.engine.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's whitespace and quoting, which BuildKit's splitting and messages depend on. */
class GoTextTest {

    @Test
    void spaceIncludesNelAndNoBreakSpaceLikeGo() {
        for (int cp : new int[] {' ', '\t', '\n', 0x0B, '\f', '\r', 0x85, 0xA0, 0x2028, 0x3000}) {
            assertThat(GoText.isSpace(cp)).as("U+%04X", cp).isTrue();
        }
        for (int cp : new int[] {'a', 0x200B, 0xFEFF, 0}) {
            assertThat(GoText.isSpace(cp)).as("U+%04X", cp).isFalse();
        }
    }

    @Test
    void trimSpaceTrimsUnicodeSpaces() {
        assertThat(GoText.trimSpace("\u00a0 x y\u2003\n")).isEqualTo("x y");
        assertThat(GoText.trimSpace(" \t ")).isEmpty();
    }

    @Test
    void quoteEscapesLikeStrconvQuote() {
        assertThat(GoText.quote("a\"b\\c\n\t\u0001\u00e9\u00a0")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\x01\u00e9\\u00a0\"");
    }
}
