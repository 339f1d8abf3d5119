package dev.kiln.engine.dockerfile.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * The subset of BuildKit's shell lexer ({@code shell/lex.go}) that the parser needs to find heredoc words:
 * word splitting with quotes, escapes, {@code $} references and {@code <<}, against an empty environment
 * with unset variables kept as written ({@code SkipUnsetEnv}). It never expands anything; the real
 * expansion lives in {@code dev.kiln.engine.dockerfile.shell}.
 *
 * <p>Not thread-safe (one instance per input); used only inside this package. BuildKit's lexer shares one
 * word buffer between nested {@code ${...}} scans, which drops the text of a word before a modifier
 * expansion; this class does the same so that the words it finds are BuildKit's words.
 */
final class HeredocLexer {

    /** A lexing error, e.g. an unterminated quote; BuildKit ignores it for a whole line and reports it for a heredoc word. */
    static final class LexException extends Exception {
        private static final long serialVersionUID = 1L;

        LexException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int EOF = -1;
    private static final char ESCAPE = '\\';
    /** Deeper {@code ${a:-${b:-...}}} nesting is refused instead of overflowing the stack; Go has no such limit. */
    private static final int MAX_NESTING = 500;

    private final String src;
    private final boolean rawQuotes;
    private boolean rawEscapes;
    private int pos;
    private int depth;
    private final StringBuilder wordsBuffer = new StringBuilder();

    private HeredocLexer(String src, boolean rawQuotes, boolean rawEscapes) {
        this.src = src;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
        // Go's text/scanner, which BuildKit's lexer reads with, skips a byte-order mark at the start
        this.pos = src.startsWith("\uFEFF") ? 1 : 0;
    }

    /** BuildKit's {@code ProcessWords} with the given raw-quote and raw-escape modes. */
    static List<String> words(String src, boolean rawQuotes, boolean rawEscapes) throws LexException {
        HeredocLexer lexer = new HeredocLexer(src, rawQuotes, rawEscapes);
        return lexer.processStopOn(EOF, rawEscapes).words();
    }

    private record Scan(String result, List<String> words) {
    }

    /** Accumulates words the way {@code wordsStruct} does; the buffer is the lexer's shared one. */
    private final class Words {
        private final List<String> words = new ArrayList<>();
        private boolean inWord;

        void addChar(int ch) {
            boolean space = GoText.isSpace(ch);
            if (space && inWord) {
                if (!wordsBuffer.isEmpty()) {
                    words.add(wordsBuffer.toString());
                    wordsBuffer.setLength(0);
                    inWord = false;
                }
            } else if (!space) {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            wordsBuffer.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            wordsBuffer.append(s);
            inWord = true;
        }

        List<String> finish() {
            if (!wordsBuffer.isEmpty()) {
                words.add(wordsBuffer.toString());
                wordsBuffer.setLength(0);
                inWord = false;
            }
            return words;
        }
    }

    private int peek() {
        return pos < src.length() ? src.codePointAt(pos) : EOF;
    }

    private int next() {
        if (pos >= src.length()) {
            return EOF;
        }
        int cp = src.codePointAt(pos);
        pos += Character.charCount(cp);
        return cp;
    }

    private Scan processStopOn(int stopChar, boolean rawEscapesHere) throws LexException {
        if (++depth > MAX_NESTING) {
            throw new LexException("substitutions nested more than " + MAX_NESTING + " deep");
        }
        StringBuilder result = new StringBuilder();
        wordsBuffer.setLength(0);
        Words words = new Words();
        boolean saved = rawEscapes;
        rawEscapes = rawEscapesHere;
        try {
            while (peek() != EOF) {
                int ch = peek();
                if (stopChar != EOF && ch == stopChar) {
                    next();
                    return new Scan(result.toString(), words.finish());
                }
                if (ch == '$') {
                    String tmp = processDollar();
                    result.append(tmp);
                    words.addString(tmp);
                } else if (ch == '<' || ch == '\'' || ch == '"') {
                    String tmp = ch == '<' ? processPossibleHeredoc()
                            : ch == '\'' ? processSingleQuote() : processDoubleQuote();
                    result.append(tmp);
                    words.addRawString(tmp);
                } else {
                    ch = next();
                    if (ch == ESCAPE) {
                        if (rawEscapes) {
                            words.addRawChar(ch);
                            result.appendCodePoint(ch);
                        }
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
            }
            if (stopChar != EOF) {
                throw new LexException("unexpected end of statement while looking for matching "
                        + Character.toString(stopChar));
            }
            return new Scan(result.toString(), words.finish());
        } finally {
            rawEscapes = saved;
            depth--;
        }
    }

    private String processSingleQuote() throws LexException {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (rawQuotes) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == EOF) {
                throw new LexException("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (rawQuotes) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote() throws LexException {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (rawQuotes) {
            result.appendCodePoint(ch);
        }
        while (true) {
            int p = peek();
            if (p == EOF) {
                throw new LexException("unexpected end of statement while looking for matching double-quote");
            } else if (p == '"') {
                ch = next();
                if (rawQuotes) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            } else if (p == '$') {
                result.append(processDollar());
            } else {
                ch = next();
                if (ch == ESCAPE) {
                    if (rawEscapes) {
                        result.appendCodePoint(ch);
                    }
                    int after = peek();
                    if (after == EOF) {
                        continue;
                    }
                    if (after == '"' || after == '$' || after == ESCAPE) {
                        ch = next();
                    }
                }
                result.appendCodePoint(ch);
            }
        }
    }

    /** A {@code $} reference; with no variables set, it is reproduced (BuildKit's {@code SkipUnsetEnv}). */
    private String processDollar() throws LexException {
        next();
        if (peek() != '{') {
            String name = processName();
            return name.isEmpty() ? "$" : "$" + name;
        }
        next();
        int p = peek();
        if (p == EOF) {
            throw new LexException("syntax error: missing '}'");
        }
        if (p == '{' || p == '}' || p == ':') {
            throw new LexException("syntax error: bad substitution");
        }
        String name = processName();
        int ch = next();
        String chs = runeString(ch);
        boolean nullIsUnset = false;
        if (ch == '}') {
            return "${" + name + "}";
        }
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            chs += runeString(ch);
        }
        if (nullIsUnset || ch == '+' || ch == '-' || ch == '?' || ch == '#' || ch == '%') {
            boolean rawHere = ch == '#' || ch == '%';
            if (nullIsUnset && rawHere) {
                throw new LexException("unsupported modifier (" + chs + ") in substitution");
            }
            String word = stopOnOrMissing('}', rawHere, "syntax error: missing '}'");
            return "${" + name + chs + word + "}";
        }
        if (ch == '/') {
            if (peek() == '/') {
                next();
            }
            String pattern = stopOnOrMissing('/', true, "syntax error: missing '/' in ${}");
            String replacement = stopOnOrMissing('}', true, "syntax error: missing '}'");
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        throw new LexException("unsupported modifier (" + chs + ") in substitution");
    }

    private String stopOnOrMissing(int stop, boolean raw, String missing) throws LexException {
        try {
            return processStopOn(stop, raw).result();
        } catch (LexException e) {
            if (peek() == EOF) {
                throw new LexException(missing);
            }
            throw e;
        }
    }

    private String processName() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.isEmpty() && isSpecialParam(ch)) {
                return runeString(next());
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private String processPossibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        StringBuilder result = new StringBuilder("<<");
        while (peek() == '\t' || peek() == '\r' || peek() == ' ') {
            result.appendCodePoint(next());
        }
        return result.toString();
    }

    private static boolean isSpecialParam(int ch) {
        return switch (ch) {
            case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
            default -> false;
        };
    }

    /** Go's {@code string(rune)}, where the scanner's EOF (-1) becomes U+FFFD. */
    private static String runeString(int ch) {
        return ch < 0 ? "\uFFFD" : Character.toString(ch);
    }
}
