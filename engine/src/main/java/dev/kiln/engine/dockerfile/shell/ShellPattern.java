package dev.kiln.engine.dockerfile.shell;

import java.util.Arrays;

/**
 * The glob patterns of <code>${VAR#p}</code>, <code>${VAR%p}</code> and <code>${VAR/p/r}</code>, matched
 * the way BuildKit matches them: {@code convertShellPatternToRegex} turns {@code *} into {@code .*}
 * (greedy) or {@code .*?} (shortest), {@code ?} into {@code .}, and keeps everything else literal, then Go's
 * {@code regexp} finds the leftmost-first match.
 *
 * <p>Immutable and thread-safe. Instead of a regular expression library this class runs its own small
 * Pike VM over the three instructions such a pattern needs. That keeps Go's semantics exactly (Perl
 * preference order between threads, {@code .} not matching a newline, matching by code point) and keeps
 * Go's guarantee of time linear in the input: Java's backtracking {@code java.util.regex} would take
 * exponential time on patterns like {@code *a*a*a*a*b}. There are no bracket expressions: BuildKit's
 * converter escapes {@code [} and {@code ]}, so they match themselves.
 */
final class ShellPattern {

    private static final int CHAR = 0;
    private static final int ANY_NOT_NL = 1;
    private static final int SPLIT = 2;
    private static final int JMP = 3;
    private static final int MATCH = 4;

    private final int[] op;
    private final int[] arg;
    private final int[] alt;
    private final boolean anchored;

    private ShellPattern(int[] op, int[] arg, int[] alt, boolean anchored) {
        this.op = op;
        this.arg = arg;
        this.alt = alt;
        this.anchored = anchored;
    }

    /** A pattern that cannot be converted; the message is BuildKit's. */
    static final class InvalidPatternException extends Exception {
        InvalidPatternException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Converts {@code pattern} as BuildKit's {@code convertShellPatternToRegex} does.
     *
     * @param greedy   whether {@code *} prefers the longest match
     * @param anchored whether the match must start at the beginning of the text
     */
    static ShellPattern compile(String pattern, boolean greedy, boolean anchored) throws InvalidPatternException {
        int[] in = pattern.codePoints().toArray();
        int n = in.length;
        int[] op = new int[3 * n + 1];
        int[] arg = new int[3 * n + 1];
        int[] alt = new int[3 * n + 1];
        int pc = 0;
        // Go's text/scanner drops a byte order mark at the very start of its input.
        int i = n > 0 && in[0] == 0xFEFF ? 1 : 0;
        while (i < n) {
            int tok = in[i++];
            switch (tok) {
                case '*' -> {
                    // L: SPLIT(L+1, L+3) for greedy, SPLIT(L+3, L+1) for shortest; L+1: any; L+2: JMP L
                    op[pc] = SPLIT;
                    arg[pc] = greedy ? pc + 1 : pc + 3;
                    alt[pc] = greedy ? pc + 3 : pc + 1;
                    op[pc + 1] = ANY_NOT_NL;
                    op[pc + 2] = JMP;
                    arg[pc + 2] = pc;
                    pc += 3;
                }
                case '?' -> op[pc++] = ANY_NOT_NL;
                case '\\' -> {
                    // "\}" and "\/" had to be escaped inside ${}; the backslash is not part of the pattern.
                    if (i < n && (in[i] == '}' || in[i] == '/')) {
                        continue;
                    }
                    int escaped = i < n ? in[i++] : GoText.EOF;
                    if (escaped != '*' && escaped != '?' && escaped != '\\') {
                        throw new InvalidPatternException("invalid pattern (" + pattern + ") in substitution: "
                                + "invalid escape '\\" + GoText.runeString(escaped) + "'");
                    }
                    op[pc] = CHAR;
                    arg[pc++] = escaped;
                }
                default -> {
                    op[pc] = CHAR;
                    arg[pc++] = tok;
                }
            }
        }
        op[pc++] = MATCH;
        return new ShellPattern(Arrays.copyOf(op, pc), Arrays.copyOf(arg, pc), Arrays.copyOf(alt, pc), anchored);
    }

    /**
     * The leftmost-first match at or after {@code from}, as {@code {start, end}} code point indexes, or null.
     * Anchored patterns only match at {@code from}.
     */
    int[] find(int[] text, int from) {
        int n = text.length;
        Threads current = new Threads(op.length);
        Threads next = new Threads(op.length);
        int[] stack = new int[2 * op.length + 2];
        boolean matched = false;
        int matchStart = -1;
        int matchEnd = -1;
        for (int pos = from; ; pos++) {
            if (!matched && (!anchored || pos == from)) {
                add(current, 0, pos, stack);
            }
            if (current.size == 0) {
                break;
            }
            int c = pos < n ? text[pos] : GoText.EOF;
            next.clear();
            for (int t = 0; t < current.size; t++) {
                int pc = current.pcs[t];
                switch (op[pc]) {
                    case MATCH -> {
                        matched = true;
                        matchStart = current.starts[t];
                        matchEnd = pos;
                        t = current.size; // leftmost-first: drop every lower-priority thread
                    }
                    case CHAR -> {
                        if (c == arg[pc]) {
                            add(next, pc + 1, current.starts[t], stack);
                        }
                    }
                    case ANY_NOT_NL -> {
                        if (c != GoText.EOF && c != '\n') {
                            add(next, pc + 1, current.starts[t], stack);
                        }
                    }
                    default -> {
                        // SPLIT and JMP are followed when a thread is added
                    }
                }
            }
            if (pos >= n) {
                break;
            }
            Threads swap = current;
            current = next;
            next = swap;
        }
        return matched ? new int[] {matchStart, matchEnd} : null;
    }

    /** Adds the thread at {@code pc} and everything reachable by empty moves, in priority order. */
    private void add(Threads list, int pc, int start, int[] stack) {
        int top = 0;
        stack[top++] = pc;
        while (top > 0) {
            int p = stack[--top];
            if (list.contains(p)) {
                continue;
            }
            list.insert(p, start);
            if (op[p] == JMP) {
                stack[top++] = arg[p];
            } else if (op[p] == SPLIT) {
                stack[top++] = alt[p];
                stack[top++] = arg[p];
            }
        }
    }

    /** <code>${V#pattern}</code> ({@code greedy}: {@code ##}): the value without the match at its start, if any. */
    static String trimPrefix(String pattern, String value, boolean greedy) throws InvalidPatternException {
        return compile(pattern, greedy, true).removePrefix(value);
    }

    /**
     * <code>${V%pattern}</code> ({@code greedy}: {@code %%}). Regular expressions cannot find the shortest
     * rightmost match, so BuildKit reverses both the pattern (keeping escapes in front of what they
     * escape) and the value, and trims a prefix; error messages therefore show the reversed pattern.
     */
    static String trimSuffix(String pattern, String value, boolean greedy) throws InvalidPatternException {
        return reverse(compile(reversePattern(pattern), greedy, true).removePrefix(reverse(value)));
    }

    /** BuildKit's {@code trimPrefix} for an anchored pattern: the value without its match, if any. */
    String removePrefix(String value) {
        int[] text = value.codePoints().toArray();
        int[] m = find(text, 0);
        return m == null ? value : new String(text, m[1], text.length - m[1]);
    }

    /** The code points of {@code s} in reverse order. */
    static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        for (int i = 0, j = cps.length - 1; i < j; i++, j--) {
            int t = cps[i];
            cps[i] = cps[j];
            cps[j] = t;
        }
        return new String(cps, 0, cps.length);
    }

    /**
     * BuildKit's {@code reversePattern}: the pattern backwards, except that an escape stays in front of
     * the character it escapes ({@code a\*c} becomes {@code c\*a}).
     */
    static String reversePattern(String pattern) {
        int[] in = pattern.codePoints().toArray();
        int[] out = new int[in.length];
        int last = in.length - 1;
        for (int i = 0; i <= last; ) {
            int tok = in[i];
            int outIdx = last - i;
            if (tok == '\\' && i != last) {
                out[outIdx - 1] = tok;
                out[outIdx] = in[i + 1];
                i += 2;
            } else {
                out[outIdx] = tok;
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    /** Go's {@code ReplaceAllString}: every non-overlapping match, with {@code $} template expansion. */
    String replaceAll(String value, String template) {
        int[] text = value.codePoints().toArray();
        int n = text.length;
        StringBuilder out = new StringBuilder(value.length());
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= n) {
            int[] m = find(text, searchPos);
            if (m == null) {
                break;
            }
            out.append(new String(text, lastMatchEnd, m[0] - lastMatchEnd));
            // Go skips an empty match right after the previous match.
            if (m[1] > lastMatchEnd || m[0] == 0) {
                expandTemplate(out, template, text, m);
            }
            lastMatchEnd = m[1];
            int width = searchPos < n ? 1 : 0;
            if (searchPos + width > m[1]) {
                searchPos += width;
            } else if (searchPos + 1 > m[1]) {
                searchPos++;
            } else {
                searchPos = m[1];
            }
        }
        out.append(new String(text, lastMatchEnd, n - lastMatchEnd));
        return out.toString();
    }

    /** The first match replaced by {@code replacement} taken literally (BuildKit splices strings). */
    String replaceFirst(String value, String replacement) {
        int[] text = value.codePoints().toArray();
        int[] m = find(text, 0);
        if (m == null) {
            return value;
        }
        return new String(text, 0, m[0]) + replacement + new String(text, m[1], text.length - m[1]);
    }

    /** Go's {@code Regexp.Expand} for a pattern without groups: {@code $0} and <code>${0}</code> are the match. */
    private static void expandTemplate(StringBuilder out, String template, int[] text, int[] m) {
        int i = 0;
        int len = template.length();
        while (i < len) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < len && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = i < len && template.charAt(i) == '{';
            int nameStart = brace ? i + 1 : i;
            int j = nameStart;
            while (j < len) {
                int cp = template.codePointAt(j);
                if (!GoText.isLetter(cp) && !GoText.isDigit(cp) && cp != '_') {
                    break;
                }
                j += Character.charCount(cp);
            }
            if (j == nameStart || (brace && (j >= len || template.charAt(j) != '}'))) {
                out.append('$'); // malformed: the dollar is literal text
                continue;
            }
            String name = template.substring(nameStart, j);
            i = brace ? j + 1 : j;
            if (name.equals("0")) {
                out.append(new String(text, m[0], m[1] - m[0]));
            }
            // every other number or name refers to a group the pattern does not have: empty
        }
        out.append(template, Math.min(i, len), len);
    }

    /** A sparse set of threads in priority order (Russ Cox's sparse set, as in Go's regexp). */
    private static final class Threads {
        final int[] pcs;
        final int[] starts;
        final int[] index;
        int size;

        Threads(int capacity) {
            pcs = new int[capacity];
            starts = new int[capacity];
            index = new int[capacity];
        }

        boolean contains(int pc) {
            int k = index[pc];
            return k < size && pcs[k] == pc;
        }

        void insert(int pc, int start) {
            index[pc] = size;
            pcs[size] = pc;
            starts[size] = start;
            size++;
        }

        void clear() {
            size = 0;
        }
    }
}
