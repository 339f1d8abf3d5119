package dev.kiln.engine.dockerfile.parser;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises parser directives the way BuildKit's {@code DirectiveParser} does: a line {@code # key=value}
 * with a known key ({@code syntax}, {@code escape}, {@code check}) is a directive as long as every earlier
 * line was one; the first other line, including a blank line or an unknown {@code # key=value}, ends them.
 *
 * <p>Not thread-safe: it keeps the keys seen so far. The key pattern is BuildKit's
 * {@code ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$}, matched by hand so that long lines stay linear.
 */
final class DirectiveScanner {

    /** A key=value pair found on a line. */
    record Found(String name, String value) {
    }

    private final String prefix;
    private final Set<String> seen = new HashSet<>();
    private boolean done;

    /** A scanner for directives in comments introduced by {@code prefix} ({@code #}, or empty for comment text). */
    DirectiveScanner(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Reads one line (newline already removed, leading whitespace removed for top-level lines).
     *
     * @return the directive, or null when the line is not one (which ends the directives)
     * @throws LineParsers.LineException for a repeated directive, with BuildKit's message
     */
    Found next(String line) {
        if (done) {
            return null;
        }
        if (!line.startsWith(prefix)) {
            done = true;
            return null;
        }
        Found found = match(GoText.trimLeadingSpace(line.substring(prefix.length())));
        if (found == null) {
            done = true;
            return null;
        }
        if (!seen.add(found.name())) {
            throw new LineParsers.LineException("only one " + found.name() + " parser directive can be used");
        }
        return found;
    }

    /** Marks the directives as over, e.g. after the first instruction. */
    void finish() {
        done = true;
    }

    /** Matches {@code key = value} with a known key; null otherwise. */
    static Found match(String text) {
        int i = 0;
        int n = text.length();
        if (n == 0 || !isAsciiLetter(text.charAt(0))) {
            return null;
        }
        while (i < n && (isAsciiLetter(text.charAt(i)) || (text.charAt(i) >= '0' && text.charAt(i) <= '9'))) {
            i++;
        }
        String key = text.substring(0, i).toLowerCase(Locale.ROOT);
        while (i < n && isRegexpSpace(text.charAt(i))) {
            i++;
        }
        if (i == n || text.charAt(i) != '=') {
            return null;
        }
        i++;
        String rest = text.substring(i);
        if (rest.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start < rest.length() && isRegexpSpace(rest.charAt(start))) {
            start++;
        }
        String value;
        if (start == rest.length()) {
            // all blanks: the lazy (.+?) still has to take one character, the last one
            value = rest.substring(rest.length() - 1);
        } else {
            int end = rest.length();
            while (end > start && isRegexpSpace(rest.charAt(end - 1))) {
                end--;
            }
            value = rest.substring(start, end);
        }
        return switch (key) {
            case Directive.SYNTAX, Directive.ESCAPE, Directive.CHECK -> new Found(key, value);
            default -> null;
        };
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Go's RE2 {@code \s}: {@code [\t\n\f\r ]}. */
    private static boolean isRegexpSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}
