package dev.kiln.engine.dockerfile.parser;

import dev.kiln.engine.dockerfile.parser.Node.ParsedArgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-instruction argument parsers of BuildKit's {@code parser/line_parsers.go} and
 * {@code split_command.go}: they cut a joined line into keyword, flags and argument words, keeping quotes
 * and escapes for the later expansion.
 *
 * <p>Stateless and thread-safe; the escape character is passed in. Errors are {@link LineException}s with
 * BuildKit's messages; the parser adds the location.
 */
final class LineParsers {

    /** A malformed instruction line; the message is BuildKit's. */
    static final class LineException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LineException(String message) {
            super(message, null, false, false);
        }
    }

    static final String NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only";

    private LineParsers() {
    }

    /** Keyword, flags and the remaining argument text of one instruction line. */
    record Split(String keyword, List<String> flags, String rest) {
    }

    /** {@code splitCommand}: the first word is the keyword, then leading {@code --flag} words, then the rest. */
    static Split splitCommand(String line, char escape) {
        String[] parts = GoText.splitOnceOnSeparator(GoText.trimSpace(line));
        if (parts.length < 2) {
            return new Split(parts[0], List.of(), "");
        }
        List<String> flags = new ArrayList<>();
        String rest = extractBuilderFlags(parts[1], escape, flags);
        return new Split(parts[0], flags, GoText.trimSpace(rest));
    }

    /**
     * {@code extractBuilderFlags}: words starting with {@code --} are flags (quotes removed, escapes applied)
     * until the first other word or a lone {@code --}. BuildKit walks the UTF-8 bytes here and appends each as a
     * character, so a non-ASCII character in a flag comes out as its bytes read as Latin-1 ({@code é} as
     * {@code Ã©}), and bytes 0x85 and 0xA0 split words; Kiln does the same, so flags mean what they mean to
     * BuildKit (and kaniko, which uses BuildKit's parser).
     */
    private static String extractBuilderFlags(String text, char escape, List<String> words) {
        byte[] line = text.getBytes(StandardCharsets.UTF_8);
        final int inSpaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        int phase = inSpaces;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        int n = line.length;
        for (int pos = 0; pos <= n; pos++) {
            char ch = pos < n ? (char) (line[pos] & 0xFF) : 0;
            if (phase == inSpaces) {
                if (pos == n) {
                    break;
                }
                if (isByteSpace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == n || line[pos + 1] != '-') {
                    return new String(line, pos, n - pos, StandardCharsets.UTF_8);
                }
                phase = inWord;
            }
            if (pos == n) {
                String w = word.toString();
                if (!w.equals("--") && (blankOk || !w.isEmpty())) {
                    words.add(w);
                }
                break;
            }
            if (phase == inWord) {
                if (isByteSpace(ch)) {
                    String w = word.toString();
                    phase = inSpaces;
                    if (w.equals("--")) {
                        return new String(line, pos, n - pos, StandardCharsets.UTF_8);
                    }
                    if (blankOk || !w.isEmpty()) {
                        words.add(w);
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    ch = (char) (line[++pos] & 0xFF);
                }
                word.append(ch);
                continue;
            }
            // inQuote
            if (ch == quote) {
                phase = inWord;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == n) {
                    phase = inWord;
                    continue;
                }
                ch = (char) (line[++pos] & 0xFF);
            }
            word.append(ch);
        }
        return "";
    }

    /** {@code parseWords}: whitespace-separated words, quotes and escapes kept, an escape at the very end dropped. */
    static List<String> words(String rest, char escape) {
        final int inSpaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        List<String> words = new ArrayList<>();
        int phase = inSpaces;
        int quote = 0;
        boolean blankOk = false;
        StringBuilder word = new StringBuilder();
        int n = rest.length();
        int ch = 0;
        for (int pos = 0; pos <= n; ) {
            int width = 0;
            if (pos != n) {
                ch = rest.codePointAt(pos);
                width = Character.charCount(ch);
            }
            if (phase == inSpaces) {
                if (pos == n) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    pos += width;
                    continue;
                }
                phase = inWord;
            }
            if (pos == n) {
                if (blankOk || !word.isEmpty()) {
                    words.add(word.toString());
                }
                break;
            }
            if (phase == inWord) {
                if (GoText.isSpace(ch)) {
                    phase = inSpaces;
                    if (blankOk || !word.isEmpty()) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    pos += width;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                }
                if (ch == escape) {
                    if (pos + width == n) {
                        pos += width;
                        continue;
                    }
                    word.appendCodePoint(ch);
                    pos += width;
                    ch = rest.codePointAt(pos);
                    width = Character.charCount(ch);
                }
                word.appendCodePoint(ch);
                pos += width;
                continue;
            }
            // inQuote
            if (ch == quote) {
                phase = inWord;
            }
            if (ch == escape && quote != '\'') {
                if (pos + width == n) {
                    phase = inWord;
                    pos += width;
                    continue;
                }
                pos += width;
                word.appendCodePoint(ch);
                ch = rest.codePointAt(pos);
                width = Character.charCount(ch);
            }
            word.appendCodePoint(ch);
            pos += width;
        }
        return words;
    }

    /** {@code parseEnv} / {@code parseLabel}: {@code key value} (legacy) or {@code k=v ...} as triples. */
    static ParsedArgs nameValues(String rest, String command, char escape) {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return ParsedArgs.NONE;
        }
        if (!words.getFirst().contains("=")) {
            String[] parts = GoText.splitOnceOnSeparator(rest);
            if (parts.length < 2) {
                throw new LineException(command + " must have two arguments");
            }
            return ParsedArgs.words(List.of(parts[0], parts[1], ""));
        }
        List<String> out = new ArrayList<>(words.size() * 3);
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new LineException("Syntax error - can't find = in " + GoText.quote(word)
                        + ". Must be of the form: name=value");
            }
            out.add(word.substring(0, eq));
            out.add(word.substring(eq + 1));
            out.add("=");
        }
        return ParsedArgs.words(out);
    }

    /** {@code parseNameOrNameVal} (ARG): the words as they are. */
    static ParsedArgs nameOrNameValues(String rest, char escape) {
        return ParsedArgs.words(words(rest, escape));
    }

    /** {@code parseStringsWhitespaceDelimited}: split on runs of space, tab, VT, FF, CR. */
    static ParsedArgs whitespaceDelimited(String rest) {
        if (rest.isEmpty()) {
            return ParsedArgs.NONE;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < rest.length()) {
            if (GoText.isSeparatorSpace(rest.charAt(i))) {
                int j = i;
                while (j < rest.length() && GoText.isSeparatorSpace(rest.charAt(j))) {
                    j++;
                }
                out.add(rest.substring(start, i));
                start = j;
                i = j;
            } else {
                i++;
            }
        }
        out.add(rest.substring(start));
        return ParsedArgs.words(out);
    }

    /** {@code parseString}: the rest of the line as one word. */
    static ParsedArgs string(String rest) {
        return rest.isEmpty() ? ParsedArgs.NONE : ParsedArgs.words(List.of(rest));
    }

    /** {@code parseMaybeJSON}: a JSON array of strings, else the whole line as one word. */
    static ParsedArgs maybeJson(String rest) {
        if (rest.isEmpty()) {
            return ParsedArgs.NONE;
        }
        ParsedArgs json = json(rest);
        return json != null ? json : ParsedArgs.words(List.of(rest));
    }

    /** {@code parseMaybeJSONToList}: a JSON array of strings, else whitespace-separated words. */
    static ParsedArgs maybeJsonToList(String rest) {
        ParsedArgs json = json(rest);
        return json != null ? json : whitespaceDelimited(rest);
    }

    /** {@code parseHealthConfig}: the type word, then as {@link #maybeJson}; BuildKit finds the word's end byte-wise. */
    static ParsedArgs healthConfig(String text) {
        byte[] rest = text.getBytes(StandardCharsets.UTF_8);
        int sep = 0;
        while (sep < rest.length && !isByteSpace((char) (rest[sep] & 0xFF))) {
            sep++;
        }
        int next = sep;
        while (next < rest.length && isByteSpace((char) (rest[next] & 0xFF))) {
            next++;
        }
        if (sep == 0) {
            return ParsedArgs.NONE;
        }
        ParsedArgs cmd = maybeJson(new String(rest, next, rest.length - next, StandardCharsets.UTF_8));
        List<String> args = new ArrayList<>(cmd.args().size() + 1);
        args.add(new String(rest, 0, sep, StandardCharsets.UTF_8));
        args.addAll(cmd.args());
        return new ParsedArgs(args, null, cmd.json());
    }

    /** {@code parseJSON}: null when the text is not a JSON array; an error when it is one of non-strings. */
    private static ParsedArgs json(String rest) {
        String text = GoText.trimLeadingSpace(rest);
        if (!text.startsWith("[")) {
            return null;
        }
        JsonArgs.Result result = JsonArgs.parse(text);
        return switch (result.outcome()) {
            case STRINGS -> new ParsedArgs(result.strings(), null, true);
            case NOT_JSON -> null;
            case NOT_STRINGS -> throw new LineException(NOT_STRING_ARRAY);
        };
    }

    /** Go's {@code unicode.IsSpace(rune(b))} for a byte: ASCII whitespace, and 0x85 and 0xA0. */
    private static boolean isByteSpace(char b) {
        return b == ' ' || (b >= '\t' && b <= '\r') || b == 0x85 || b == 0xA0;
    }
}
