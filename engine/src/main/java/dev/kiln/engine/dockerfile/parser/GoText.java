package dev.kiln.engine.dockerfile.parser;

/**
 * The few pieces of Go's text semantics that BuildKit's Dockerfile frontend relies on, so that Kiln splits
 * and trims exactly where BuildKit does.
 *
 * <p>Stateless and thread-safe. It exists because Java's notions differ in small but visible ways:
 * {@link Character#isWhitespace} excludes U+00A0 and U+0085, which Go's {@code unicode.IsSpace} includes,
 * and Go quotes strings in messages with {@code strconv.Quote} escapes rather than Java's.
 * References: https://pkg.go.dev/unicode#IsSpace and https://pkg.go.dev/strconv#Quote.
 */
public final class GoText {

    private GoText() {
    }

    /** Go's {@code unicode.IsSpace}: ASCII space, tab, newline, VT, FF, CR, U+0085, U+00A0 and Unicode's White_Space. */
    public static boolean isSpace(int cp) {
        if (cp <= 0xFF) {
            return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0;
        }
        return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029
                || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** The characters of BuildKit's {@code [\t\v\f\r ]+} separator (no newline, no Unicode spaces). */
    static boolean isSeparatorSpace(char c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** Go's {@code strings.TrimSpace}: removes leading and trailing {@link #isSpace} characters. */
    public static String trimSpace(String s) {
        return trimTrailingSpace(trimLeadingSpace(s));
    }

    /** Go's {@code strings.TrimLeftFunc(s, unicode.IsSpace)}. */
    public static String trimLeadingSpace(String s) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!isSpace(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i == 0 ? s : s.substring(i);
    }

    /** Go's {@code strings.TrimRightFunc(s, unicode.IsSpace)}. */
    public static String trimTrailingSpace(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /**
     * Splits on the first run of {@link #isSeparatorSpace} characters, as Go's
     * {@code regexp.MustCompile(`[\t\v\f\r ]+`).Split(s, 2)} does; returns one or two parts.
     */
    static String[] splitOnceOnSeparator(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isSeparatorSpace(s.charAt(i))) {
                int j = i;
                while (j < s.length() && isSeparatorSpace(s.charAt(j))) {
                    j++;
                }
                return new String[] {s.substring(0, i), s.substring(j)};
            }
        }
        return new String[] {s};
    }

    /** Go's {@code strconv.Quote}: double quotes, with {@code \"}, {@code \\} and non-printable characters escaped. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
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
                    } else if (cp < 0x10000) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                 Character.SURROGATE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
