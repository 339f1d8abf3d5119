package dev.kiln.engine.context;

/**
 * One pattern of a {@link PatternMatcher}, compiled as moby/patternmatcher compiles it: the cleaned text,
 * whether it is an exception ({@code !pattern}), and how it matches a slash-separated relative path.
 *
 * <p>Immutable and thread-safe. Docker turns the pattern into a regular expression: {@code *} is
 * {@code [^/]*}, {@code ?} is {@code [^/]}, {@code **} is any number of directories, {@code .+()$} are
 * literal, and everything else is left to Go's regular expression syntax: {@code [!a]} is the set of
 * {@code !} and {@code a} (not a negation), {@code \d} a digit, {@code ^} the start, and because of a
 * bug in patternmatcher's escape table {@code |} is an alternation and <code>{2}</code> a repetition
 * ({@code a*|b} excludes every path ending in {@code b}). Patterns without any of {@code * ? [ ] \}
 * compare strings instead ({@code a|b} is just a name), {@code x**} compares a prefix and {@code **x} a
 * suffix, as Docker's shortcuts do.
 */
public final class PathPattern {

    private enum Kind { EXACT, PREFIX, SUFFIX, REGEXP }

    private final String text;
    private final boolean exclusion;
    private final Kind kind;
    private final GoRegex regex;

    private PathPattern(String text, boolean exclusion, Kind kind, GoRegex regex) {
        this.text = text;
        this.exclusion = exclusion;
        this.kind = kind;
        this.regex = regex;
    }

    /** Compiles a cleaned pattern (without its {@code !}); throws Go's parse error for a bad expression. */
    static PathPattern compile(String text, boolean exclusion) throws GoRegex.SyntaxException {
        StringBuilder re = new StringBuilder("^");
        Kind kind = Kind.EXACT;
        int[] in = text.codePoints().toArray();
        // Go's text/scanner drops a byte order mark at the very start of its input.
        int p = in.length > 0 && in[0] == 0xFEFF ? 1 : 0;
        for (int i = 0; p < in.length; i++) {
            int ch = in[p++];
            if (ch == '*') {
                if (p < in.length && in[p] == '*') {
                    p++;
                    if (p < in.length && in[p] == '/') {
                        p++; // "**/" is "**"
                    }
                    if (p == in.length) {
                        if (kind == Kind.EXACT) {
                            kind = Kind.PREFIX;
                        } else {
                            re.append(".*");
                            kind = Kind.REGEXP;
                        }
                    } else {
                        re.append("(.*/)?"); // any number of directories, even none
                        kind = Kind.REGEXP;
                    }
                    if (i == 0) {
                        kind = Kind.SUFFIX;
                    }
                } else {
                    re.append("[^/]*");
                    kind = Kind.REGEXP;
                }
            } else if (ch == '?') {
                re.append("[^/]");
                kind = Kind.REGEXP;
            } else if (ch == '.' || ch == '+' || ch == '(' || ch == ')' || ch == '$') {
                // patternmatcher means to escape .+()|{}$ too, but its bitmap loses the characters from
                // '@' up, so '|', '{' and '}' reach the regular expression unescaped
                re.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (p < in.length) {
                    re.append('\\').appendCodePoint(in[p++]);
                    kind = Kind.REGEXP;
                } else {
                    re.append('\\');
                }
            } else if (ch == '[' || ch == ']') {
                re.appendCodePoint(ch);
                kind = Kind.REGEXP;
            } else {
                re.appendCodePoint(ch);
            }
        }
        GoRegex regex = null;
        if (kind == Kind.REGEXP) {
            re.append('$');
            regex = GoRegex.compile(re.toString());
        }
        return new PathPattern(text, exclusion, kind, regex);
    }

    /** The cleaned pattern, without {@code !}. */
    public String text() {
        return text;
    }

    /** Whether this is an exception ({@code !pattern}) that re-includes what it matches. */
    public boolean exclusion() {
        return exclusion;
    }

    /** Whether {@code path} itself (not its parents) matches. */
    public boolean matches(String path) {
        return switch (kind) {
            case EXACT -> path.equals(text);
            case PREFIX -> path.startsWith(text.substring(0, text.length() - 2));
            case SUFFIX -> {
                String suffix = text.substring(2);
                yield path.endsWith(suffix) || (suffix.charAt(0) == '/' && path.equals(suffix.substring(1)));
            }
            case REGEXP -> regex.matches(path);
        };
    }

    /** The pattern as written in a {@code .dockerignore}: with {@code !} for an exception. */
    @Override
    public String toString() {
        return exclusion ? "!" + text : text;
    }
}
