package dev.kiln.engine.dockerfile.shell;

import dev.kiln.engine.dockerfile.shell.ExpansionException.Kind;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One expansion of one word: a line-by-line port of the state machine of BuildKit's {@code shellWord}
 * (frontend/dockerfile/shell/lex.go), written against a code point array instead of Go's
 * {@code text/scanner}.
 *
 * <p>Not thread-safe; {@link ShellLex} creates one per call. BuildKit's quirks are kept on purpose (see
 * the package documentation): a Dockerfile must expand the same under Kiln as under BuildKit.
 */
final class ShellWord {

    private static final int EOF = GoText.EOF;

    /** Deepest nesting of quotes and <code>${...}</code> accepted; deeper words fail with {@link Kind#TOO_DEEP}. */
    static final int MAX_DEPTH = 200;

    private final int[] in;
    private int pos;
    private final Env env;
    private final int escape;
    private final ShellLex.Options options;
    private boolean rawEscapes;
    private final StringBuilder wordsBuffer = new StringBuilder();
    private final LinkedHashSet<String> matched = new LinkedHashSet<>();
    private final LinkedHashSet<String> unmatched = new LinkedHashSet<>();
    private int depth;

    /** A failure inside the scan; {@link ShellLex} wraps it with the whole word. */
    static final class Failure extends RuntimeException {
        final Kind kind;

        Failure(Kind kind, String reason) {
            super(reason, null, false, false);
            this.kind = kind;
        }
    }

    /** What a scan up to a stop character produced. */
    record Scanned(String result, List<String> words) {
    }

    ShellWord(String word, Env env, int escape, ShellLex.Options options) {
        this.in = word.codePoints().toArray();
        // Go's text/scanner drops a byte order mark at the very start of its input.
        this.pos = in.length > 0 && in[0] == 0xFEFF ? 1 : 0;
        this.env = env;
        this.escape = escape;
        this.options = options;
        this.rawEscapes = options.rawEscapes();
    }

    Scanned process() {
        return processStopOn(EOF, rawEscapes);
    }

    LinkedHashSet<String> matched() {
        return matched;
    }

    LinkedHashSet<String> unmatched() {
        return unmatched;
    }

    private int peek() {
        return pos < in.length ? in[pos] : EOF;
    }

    private int next() {
        return pos < in.length ? in[pos++] : EOF;
    }

    private Scanned processStopOn(int stopChar, boolean raw) {
        boolean restore = raw != rawEscapes;
        if (restore) {
            rawEscapes = raw;
        }
        try {
            if (++depth > MAX_DEPTH) {
                throw new Failure(Kind.TOO_DEEP, "expansions nested more than " + MAX_DEPTH + " levels deep");
            }
            StringBuilder result = new StringBuilder();
            wordsBuffer.setLength(0); // shared with the enclosing scan, as in BuildKit
            WordSplitter words = new WordSplitter(wordsBuffer);
            while (peek() != EOF) {
                int ch = peek();
                if (stopChar != EOF && ch == stopChar) {
                    next();
                    return new Scanned(result.toString(), words.getWords());
                }
                String special = switch (ch) {
                    case '$' -> processDollar();
                    case '<' -> processPossibleHeredoc();
                    case '\'' -> options.skipProcessQuotes() ? null : processSingleQuote();
                    case '"' -> options.skipProcessQuotes() ? null : processDoubleQuote();
                    default -> null;
                };
                if (special != null) {
                    result.append(special);
                    if (ch == '$') {
                        words.addString(special);
                    } else {
                        words.addRawString(special);
                    }
                    continue;
                }
                ch = next();
                if (ch == escape) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        result.appendCodePoint(ch);
                    }
                    // the escape character escapes the next one, and vanishes at the end of the word
                    ch = next();
                    if (ch == EOF) {
                        break;
                    }
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.appendCodePoint(ch);
            }
            if (stopChar != EOF) {
                throw new Failure(Kind.UNTERMINATED,
                        "unexpected end of statement while looking for matching " + GoText.runeString(stopChar));
            }
            return new Scanned(result.toString(), words.getWords());
        } finally {
            if (restore) {
                rawEscapes = !raw;
            }
            depth--;
        }
    }

    private String processSingleQuote() {
        // Everything up to the next single quote is literal; a single quote cannot be escaped inside.
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == EOF) {
                throw new Failure(Kind.UNTERMINATED,
                        "unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (options.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote() {
        // Literal except for $ expansions and the escape character before '"', '$' or itself.
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            switch (peek()) {
                case EOF -> throw new Failure(Kind.UNTERMINATED,
                        "unexpected end of statement while looking for matching double-quote");
                case '"' -> {
                    ch = next();
                    if (options.rawQuotes()) {
                        result.appendCodePoint(ch);
                    }
                    return result.toString();
                }
                case '$' -> result.append(processDollar());
                default -> {
                    ch = next();
                    if (ch == escape) {
                        if (rawEscapes) {
                            result.appendCodePoint(ch);
                        }
                        int following = peek();
                        if (following == EOF) {
                            continue; // an escape character at the end is dropped
                        }
                        if (following == '"' || following == '$' || following == escape) {
                            ch = next();
                        }
                    }
                    result.appendCodePoint(ch);
                }
            }
        }
    }

    private String processPossibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        // "<<" keeps the blanks that may separate it from a heredoc delimiter, in the same word.
        StringBuilder result = new StringBuilder("<<");
        while (peek() == '\t' || peek() == '\r' || peek() == ' ') {
            result.appendCodePoint(next());
        }
        return result.toString();
    }

    private String processDollar() {
        next();
        if (peek() != '{') {
            String name = processName();
            if (name.isEmpty()) {
                return "$";
            }
            String value = getEnv(name);
            if (value == null && options.skipUnsetEnv()) {
                return "$" + name;
            }
            return value == null ? "" : value;
        }
        next();
        switch (peek()) {
            case EOF -> throw new Failure(Kind.MISSING_BRACE, "syntax error: missing '}'");
            case '{', '}', ':' -> throw new Failure(Kind.BAD_SUBSTITUTION, "syntax error: bad substitution");
            default -> {
            }
        }
        String name = processName();
        int ch = next();
        String chs = GoText.runeString(ch);
        return switch (ch) {
            case '}' -> {
                String value = getEnv(name);
                if (value == null && options.skipUnsetEnv()) {
                    yield "${" + name + "}";
                }
                yield value == null ? "" : value;
            }
            case ':', '+', '-', '?', '#', '%' -> {
                boolean nullIsUnset = false;
                if (ch == ':') {
                    nullIsUnset = true;
                    ch = next();
                    chs += GoText.runeString(ch);
                }
                yield modifier(name, ch, chs, nullIsUnset);
            }
            case '/' -> substitute(name);
            default -> throw unsupported(chs);
        };
    }

    /** <code>${name-word}</code> and its siblings; {@code op} is the character after the optional colon. */
    private String modifier(String name, int op, String chs, boolean nullIsUnset) {
        boolean trim = op == '#' || op == '%';
        if (nullIsUnset && trim) {
            throw unsupported(chs);
        }
        String word;
        try {
            word = processStopOn('}', trim).result();
        } catch (Failure f) {
            if (peek() == EOF) {
                throw new Failure(Kind.MISSING_BRACE, "syntax error: missing '}'");
            }
            throw f;
        }
        String value = getEnv(name);
        boolean set = value != null;
        if (!set && options.skipUnsetEnv()) {
            return "${" + name + chs + word + "}";
        }
        if (!set) {
            value = "";
        }
        switch (op) {
            case '-':
                return !set || (nullIsUnset && value.isEmpty()) ? word : value;
            case '+':
                return !set || (nullIsUnset && value.isEmpty()) ? "" : word;
            case '?':
                if (!set) {
                    throw new Failure(Kind.REQUIRED_VARIABLE,
                            name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                if (nullIsUnset && value.isEmpty()) {
                    throw new Failure(Kind.REQUIRED_VARIABLE,
                            name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                return value;
            case '%':
            case '#':
                // '#'/'%' remove the shortest match, '##'/'%%' the longest
                boolean greedy = !word.isEmpty() && word.charAt(0) == op;
                String pattern = greedy ? word.substring(1) : word;
                try {
                    return op == '%' ? ShellPattern.trimSuffix(pattern, value, greedy)
                            : ShellPattern.trimPrefix(pattern, value, greedy);
                } catch (ShellPattern.InvalidPatternException e) {
                    throw new Failure(Kind.INVALID_PATTERN, e.getMessage());
                }
            default:
                throw unsupported(chs);
        }
    }

    /** <code>${name/pattern/replacement}</code> and <code>${name//pattern/replacement}</code>. */
    private String substitute(String name) {
        boolean all = peek() == '/';
        if (all) {
            next();
        }
        String pattern;
        try {
            pattern = processStopOn('/', true).result();
        } catch (Failure f) {
            if (peek() == EOF) {
                throw new Failure(Kind.MISSING_SLASH, "syntax error: missing '/' in ${}");
            }
            throw f;
        }
        String replacement;
        try {
            replacement = processStopOn('}', true).result();
        } catch (Failure f) {
            if (peek() == EOF) {
                throw new Failure(Kind.MISSING_BRACE, "syntax error: missing '}'");
            }
            throw f;
        }
        String value = getEnv(name);
        if (value == null && options.skipUnsetEnv()) {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        if (value == null) {
            value = "";
        }
        try {
            ShellPattern re = ShellPattern.compile(pattern, true, false);
            return all ? re.replaceAll(value, replacement) : re.replaceFirst(value, replacement);
        } catch (ShellPattern.InvalidPatternException e) {
            throw new Failure(Kind.INVALID_PATTERN, e.getMessage());
        }
    }

    private String processName() {
        // A name is letters, digits and '_'; $1 and friends are all the digits; $@, $? etc. one character.
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && GoText.isDigit(ch)) {
                while (peek() != EOF && GoText.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.isEmpty() && isSpecialParam(ch)) {
                next();
                return Character.toString(ch);
            }
            if (!GoText.isLetter(ch) && !GoText.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    /** POSIX special parameters (XCU 2.5.2); they are never set in a Dockerfile, so they expand to "". */
    private static boolean isSpecialParam(int ch) {
        return switch (ch) {
            case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
            default -> false;
        };
    }

    private String getEnv(String name) {
        String value = env.get(name);
        if (value != null) {
            matched.add(name);
        } else {
            unmatched.add(name);
        }
        return value;
    }

    private static Failure unsupported(String chs) {
        return new Failure(Kind.UNSUPPORTED_MODIFIER, "unsupported modifier (" + chs + ") in substitution");
    }
}
