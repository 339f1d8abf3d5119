package dev.kiln.engine.dockerfile.shell;

/**
 * The few character classes and formatting rules of Go's standard library that BuildKit's lexer depends
 * on, so that Kiln splits and names words on exactly the same characters.
 *
 * <p>Stateless. {@code unicode.IsSpace} differs from {@link Character#isWhitespace(int)} (Go counts
 * U+0085 and the no-break spaces, Java counts the information separators U+001C..U+001F), which would
 * change how {@code EXPOSE} and heredoc words split.
 */
final class GoText {

    /** What Go's {@code text/scanner} returns at the end of input. */
    static final int EOF = -1;

    private GoText() {
    }

    /** Go's {@code unicode.IsSpace}: the Unicode White_Space property. */
    static boolean isSpace(int cp) {
        if (cp <= 0xFF) {
            return cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r' || cp == ' '
                    || cp == 0x85 || cp == 0xA0;
        }
        return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029
                || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Go's {@code unicode.IsLetter}: general categories Lu, Ll, Lt, Lm and Lo. */
    static boolean isLetter(int cp) {
        return Character.isLetter(cp);
    }

    /** Go's {@code unicode.IsDigit}: general category Nd. */
    static boolean isDigit(int cp) {
        return Character.isDigit(cp);
    }

    /** Go's {@code string(rune)}: a code point as text, U+FFFD for {@link #EOF}. */
    static String runeString(int cp) {
        return cp < 0 || cp > Character.MAX_CODE_POINT ? "\uFFFD" : Character.toString(cp);
    }

    /**
     * Go's {@code %q} for messages: double-quoted, with backslash escapes for quotes, backslashes and
     * characters that are not printable; text longer than {@code max} code points is shortened with
     * {@code ...} so that a megabyte-long word cannot flood a log.
     */
    static String quote(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 8).append('"');
        int count = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (count++ == max) {
                out.append("...");
                break;
            }
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (isPrintable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (cp <= 0xFFFF) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
