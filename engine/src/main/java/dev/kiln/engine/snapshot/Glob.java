package dev.kiln.engine.snapshot;

import java.util.regex.Pattern;

/**
 * One path component of an ignore pattern, with the syntax of Go's {@code filepath.Match}
 * (https://pkg.go.dev/path/filepath#Match), which kaniko applies to each component of an ignore path:
 * {@code *} any run of characters, {@code ?} one character, {@code [a-z]} and {@code [^a-z]} classes,
 * {@code \c} a literal {@code c}.
 *
 * <p>Immutable. Package-private: {@link IgnoreList} compiles each component once; literal components
 * (the common case) are compared as strings and never reach a regex.
 */
final class Glob {

    private Glob() {}

    /** True if the component uses any pattern syntax (and so must be compiled). */
    static boolean isPattern(String component) {
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /**
     * Compiles a component to a regex matching exactly what {@code filepath.Match} matches.
     *
     * @throws IllegalArgumentException with the reason (the caller adds which pattern) for the inputs
     *                                  on which Go returns {@code ErrBadPattern}
     */
    static Pattern compile(String component) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = component.length();
        while (i < n) {
            int c = component.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '\\' -> {
                    if (i >= n) {
                        throw new IllegalArgumentException("trailing backslash");
                    }
                    int lit = component.codePointAt(i);
                    i += Character.charCount(lit);
                    re.append(hex(lit));
                }
                case '[' -> i = characterClass(component, i, re);
                default -> re.append(hex(c));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Translates {@code [...]} starting after the bracket; returns the index after the closing one. */
    private static int characterClass(String s, int i, StringBuilder re) {
        int n = s.length();
        re.append('[');
        if (i < n && s.charAt(i) == '^') {
            re.append('^');
            i++;
        }
        int ranges = 0;
        while (true) {
            if (i >= n) {
                throw new IllegalArgumentException("unterminated character class");
            }
            if (s.charAt(i) == ']' && ranges > 0) {
                re.append(']');
                return i + 1;
            }
            int[] lo = escaped(s, i);
            i = lo[1];
            re.append(hex(lo[0]));
            if (i < n && s.charAt(i) == '-') {
                int[] hi = escaped(s, i + 1);
                i = hi[1];
                if (hi[0] < lo[0]) {
                    throw new IllegalArgumentException("character range " + new String(Character.toChars(lo[0]))
                            + "-" + new String(Character.toChars(hi[0])) + " is reversed");
                }
                re.append('-').append(hex(hi[0]));
            }
            ranges++;
        }
    }

    /** One class character (maybe backslash-escaped) at i: {code point, next index}. */
    private static int[] escaped(String s, int i) {
        int n = s.length();
        if (i >= n) {
            throw new IllegalArgumentException("unterminated character class");
        }
        int c = s.codePointAt(i);
        if (c == '-' || c == ']') {
            throw new IllegalArgumentException("unescaped '" + (char) c + "' in character class");
        }
        if (c == '\\') {
            i++;
            if (i >= n) {
                throw new IllegalArgumentException("unterminated character class");
            }
            c = s.codePointAt(i);
        }
        return new int[]{c, i + Character.charCount(c)};
    }

    private static String hex(int codePoint) {
        return "\\x{" + Integer.toHexString(codePoint) + "}";
    }
}
