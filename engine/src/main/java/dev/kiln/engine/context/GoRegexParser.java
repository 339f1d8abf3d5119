package dev.kiln.engine.context;

import dev.kiln.engine.context.GoRegexNode.Assertion;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Go regular expression syntax (package {@code regexp/syntax} with the {@code Perl} flags that
 * {@code regexp.Compile} uses: {@code ^} and {@code $} anchor the text, {@code .} excludes newline,
 * negated classes include it) into a small tree for {@link GoRegex}.
 *
 * <p>Not thread-safe; one per expression. Flag groups ({@code (?i)}) are rejected: patternmatcher
 * escapes {@code (} in user patterns, so its output never contains them.
 */
final class GoRegexParser {

    private final String expr;
    private final int[] in;
    private int pos;

    GoRegexParser(String expr) {
        this.expr = expr;
        this.in = expr.codePoints().toArray();
    }

    GoRegexNode parse() throws GoRegex.SyntaxException {
        GoRegexNode node = parseAlternation();
        if (pos < in.length) {
            throw error("unexpected )", expr); // only a ')' stops the top level early
        }
        return node;
    }

    private GoRegexNode parseAlternation() throws GoRegex.SyntaxException {
        List<GoRegexNode> options = new ArrayList<>();
        options.add(parseConcat());
        while (pos < in.length && in[pos] == '|') {
            pos++;
            options.add(parseConcat());
        }
        return options.size() == 1 ? options.getFirst() : new GoRegexNode.Alternation(options);
    }

    private GoRegexNode parseConcat() throws GoRegex.SyntaxException {
        List<GoRegexNode> parts = new ArrayList<>();
        while (pos < in.length && in[pos] != '|' && in[pos] != ')') {
            int start = pos;
            if (repeatAt() != null) {
                throw error("missing argument to repetition operator", text(start, pos));
            }
            GoRegexNode atom = parseAtom();
            int[] repeat = repeatAt();
            if (repeat != null) {
                if (pos < in.length && in[pos] == '?') {
                    pos++; // non-greedy
                }
                int after = pos;
                if (repeatAt() != null) {
                    throw error("invalid nested repetition operator", text(start, after));
                }
                pos = after;
                atom = new GoRegexNode.Repeat(repeat[0], repeat[1], atom);
            }
            parts.add(atom);
        }
        return parts.size() == 1 ? parts.getFirst() : new GoRegexNode.Concat(parts);
    }

    /**
     * The repetition operator at the current position, consumed, as {@code {min, max}}; null (nothing
     * consumed) if there is none. <code>{</code> that does not start a valid count is a literal, as in Go.
     */
    private int[] repeatAt() throws GoRegex.SyntaxException {
        if (pos >= in.length) {
            return null;
        }
        switch (in[pos]) {
            case '*' -> {
                pos++;
                return new int[] {0, -1};
            }
            case '+' -> {
                pos++;
                return new int[] {1, -1};
            }
            case '?' -> {
                pos++;
                return new int[] {0, 1};
            }
            case '{' -> {
                int[] counted = GoRegexRepeat.parse(in, pos);
                if (counted == null) {
                    return null;
                }
                int start = pos;
                pos = counted[2];
                if (counted[0] < 0 || counted[0] > 1000 || counted[1] > 1000
                        || (counted[1] >= 0 && counted[0] > counted[1])) {
                    throw error("invalid repeat count", text(start, pos));
                }
                return new int[] {counted[0], counted[1]};
            }
            default -> {
                return null;
            }
        }
    }

    private GoRegexNode parseAtom() throws GoRegex.SyntaxException {
        int c = in[pos];
        switch (c) {
            case '(' -> {
                int open = pos++;
                if (pos < in.length && in[pos] == '?') {
                    throw error("invalid or unsupported Perl syntax", text(open, Math.min(pos + 1, in.length)));
                }
                GoRegexNode inner = parseAlternation();
                if (pos >= in.length || in[pos] != ')') {
                    throw error("missing closing )", expr);
                }
                pos++;
                return inner;
            }
            case '^' -> {
                pos++;
                return new Assertion(Assertion.Kind.BEGIN);
            }
            case '$' -> {
                pos++;
                return new Assertion(Assertion.Kind.END);
            }
            case '.' -> {
                pos++;
                return new GoRegexNode.AnyNotNewline();
            }
            case '[' -> {
                return parseClass();
            }
            case '{' -> {
                pos++; // not a valid count (repeatAt looked first): a literal
                return new GoRegexNode.Chars(CharRanges.single('{'));
            }
            case '\\' -> {
                return parseBackslash();
            }
            default -> {
                pos++;
                return new GoRegexNode.Chars(CharRanges.single(c));
            }
        }
    }

    private GoRegexNode parseBackslash() throws GoRegex.SyntaxException {
        if (pos + 1 < in.length) {
            switch (in[pos + 1]) {
                case 'A', 'z' -> {
                    Assertion.Kind kind = in[pos + 1] == 'A' ? Assertion.Kind.BEGIN : Assertion.Kind.END;
                    pos += 2;
                    return new Assertion(kind);
                }
                case 'b', 'B' -> {
                    Assertion.Kind kind = in[pos + 1] == 'b' ? Assertion.Kind.WORD_BOUNDARY
                            : Assertion.Kind.NOT_WORD_BOUNDARY;
                    pos += 2;
                    return new Assertion(kind);
                }
                case 'C' -> throw error("invalid escape sequence", "\\C");
                case 'Q' -> {
                    pos += 2;
                    List<GoRegexNode> literal = new ArrayList<>();
                    while (pos < in.length && !(in[pos] == '\\' && pos + 1 < in.length && in[pos + 1] == 'E')) {
                        literal.add(new GoRegexNode.Chars(CharRanges.single(in[pos++])));
                    }
                    if (pos < in.length) {
                        pos += 2;
                    }
                    return new GoRegexNode.Concat(literal);
                }
                default -> {
                }
            }
        }
        CharRanges group = parseGroupEscape();
        if (group != null) {
            return new GoRegexNode.Chars(group);
        }
        return new GoRegexNode.Chars(CharRanges.single(parseEscape()));
    }

    /** {@code \pL}, <code>\p{Greek}</code>, {@code \d} and their negations, or null if none starts here. */
    private CharRanges parseGroupEscape() throws GoRegex.SyntaxException {
        if (pos + 1 >= in.length || in[pos] != '\\') {
            return null;
        }
        int c = in[pos + 1];
        if (c == 'p' || c == 'P') {
            int start = pos;
            boolean negated = c == 'P';
            int i = pos + 2;
            String name;
            if (i < in.length && in[i] == '{') {
                int end = i;
                while (end < in.length && in[end] != '}') {
                    end++;
                }
                if (end >= in.length) {
                    throw error("invalid character class range", text(start, in.length));
                }
                name = text(i + 1, end);
                i = end + 1;
            } else {
                name = i < in.length ? Character.toString(in[i]) : "\uFFFD";
                i = Math.min(i + 1, in.length);
            }
            if (name.startsWith("^")) {
                negated = !negated;
                name = name.substring(1);
            }
            CharRanges table = CharRanges.unicode(name);
            if (table == null) {
                throw error("invalid character class range", text(start, i));
            }
            pos = i;
            return negated ? table.negated() : table;
        }
        CharRanges perl = switch (c) {
            case 'd', 'D' -> CharRanges.PERL_DIGIT;
            case 's', 'S' -> CharRanges.PERL_SPACE;
            case 'w', 'W' -> CharRanges.PERL_WORD;
            default -> null;
        };
        if (perl == null) {
            return null;
        }
        pos += 2;
        return Character.isUpperCase(c) ? perl.negated() : perl;
    }

    /** Go's {@code parseEscape}: one escaped character. */
    private int parseEscape() throws GoRegex.SyntaxException {
        int start = pos;
        pos++;
        if (pos >= in.length) {
            throw error("trailing backslash at end of expression", "");
        }
        int c = in[pos++];
        if (c < 0x80 && !Character.isLetterOrDigit(c)) {
            return c; // escaped punctuation is itself
        }
        switch (c) {
            case '1', '2', '3', '4', '5', '6', '7', '0' -> {
                if (c != '0' && (pos >= in.length || in[pos] < '0' || in[pos] > '7')) {
                    break; // a single non-zero digit would be a backreference
                }
                int r = c - '0';
                for (int i = 1; i < 3 && pos < in.length && in[pos] >= '0' && in[pos] <= '7'; i++) {
                    r = r * 8 + in[pos++] - '0';
                }
                return r;
            }
            case 'x' -> {
                if (pos >= in.length) {
                    break;
                }
                int d = in[pos++];
                if (d == '{') {
                    int r = 0;
                    int digits = 0;
                    while (pos < in.length && in[pos] != '}') {
                        int v = unhex(in[pos++]);
                        if (v < 0 || (r = r * 16 + v) > Character.MAX_CODE_POINT) {
                            throw error("invalid escape sequence", text(start, pos));
                        }
                        digits++;
                    }
                    if (pos >= in.length || digits == 0) {
                        throw error("invalid escape sequence", text(start, pos));
                    }
                    pos++;
                    return r;
                }
                if (pos >= in.length) {
                    break;
                }
                int hi = unhex(d);
                int lo = unhex(in[pos++]);
                if (hi < 0 || lo < 0) {
                    break;
                }
                return hi * 16 + lo;
            }
            case 'a' -> {
                return 0x07;
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'v' -> {
                return 0x0B;
            }
            default -> {
            }
        }
        throw error("invalid escape sequence", text(start, pos));
    }

    private static int unhex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Go's {@code parseClass}. */
    private GoRegexNode parseClass() throws GoRegex.SyntaxException {
        int start = pos;
        pos++; // '['
        boolean negated = false;
        if (pos < in.length && in[pos] == '^') {
            negated = true;
            pos++;
        }
        CharRanges set = CharRanges.of();
        boolean first = true; // ']' is literal as first member
        while (pos >= in.length || in[pos] != ']' || first) {
            first = false;
            if (pos + 2 < in.length && in[pos] == '[' && in[pos + 1] == ':') {
                int close = expr.indexOf(":]", expr.offsetByCodePoints(0, pos + 2));
                if (close >= 0) {
                    int end = expr.codePointCount(0, close) + 2;
                    String name = text(pos, end);
                    CharRanges posix = CharRanges.posix(name.substring(2, name.length() - 2));
                    if (posix == null) {
                        throw error("invalid character class range", name);
                    }
                    set = set.union(posix);
                    pos = end;
                    continue;
                }
            }
            CharRanges group = parseGroupEscape();
            if (group != null) {
                set = set.union(group);
                continue;
            }
            int rangeStart = pos;
            int lo = parseClassChar(start);
            int hi = lo;
            if (pos + 1 < in.length && in[pos] == '-' && in[pos + 1] != ']') {
                pos++;
                hi = parseClassChar(start);
                if (hi < lo) {
                    throw error("invalid character class range", text(rangeStart, pos));
                }
            }
            set = set.union(CharRanges.of(lo, hi));
        }
        pos++; // ']'
        return new GoRegexNode.Chars(negated ? set.negated() : set);
    }

    private int parseClassChar(int classStart) throws GoRegex.SyntaxException {
        if (pos >= in.length) {
            throw error("missing closing ]", text(classStart, in.length));
        }
        if (in[pos] == '\\') {
            return parseEscape();
        }
        return in[pos++];
    }

    private String text(int from, int to) {
        return new String(in, from, to - from);
    }

    private static GoRegex.SyntaxException error(String code, String expr) {
        return new GoRegex.SyntaxException(code, expr);
    }
}
