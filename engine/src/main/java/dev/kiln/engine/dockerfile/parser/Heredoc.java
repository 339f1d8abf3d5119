package dev.kiln.engine.dockerfile.parser;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A here-document attached to a {@code RUN}, {@code COPY} or {@code ADD} instruction, e.g. {@code <<EOF}.
 *
 * <p>Immutable. See https://docs.docker.com/reference/dockerfile/#here-documents. The content is kept as
 * written, line endings included and leading tabs not yet removed: BuildKit strips tabs ({@link #chomp()})
 * when it uses the content, and expands variables in it only when {@link #expand()} is set, which is the
 * case unless some part of the delimiter word was quoted ({@code <<"EOF"}, {@code <<'EOF'}, {@code <<E"O"F}).
 *
 * @param name           the delimiter with quotes removed, e.g. {@code EOF}
 * @param fileDescriptor the digits before {@code <<} ({@code 3<<EOF}), 0 when absent
 * @param expand         whether variables in the content are to be expanded
 * @param chomp          whether it was {@code <<-}, so leading tabs are to be stripped from every line
 * @param content        the lines between the instruction and the delimiter, each with its line ending
 */
public record Heredoc(String name, int fileDescriptor, boolean expand, boolean chomp, String content) {

    public Heredoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    /** This heredoc with other content. */
    public Heredoc withContent(String newContent) {
        return new Heredoc(name, fileDescriptor, expand, chomp, newContent);
    }

    /** The content with leading tabs removed from every line when {@link #chomp()} is set, otherwise as is. */
    public String effectiveContent() {
        return chomp ? chompTabs(content) : content;
    }

    /** Removes the leading tabs of every line, as BuildKit's {@code ChompHeredocContent} does. */
    public static String chompTabs(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (lineStart && c == '\t') {
                continue;
            }
            out.append(c);
            lineStart = c == '\n';
        }
        return out.toString();
    }

    /**
     * Reads a word such as {@code <<EOF}, {@code 3<<-'END'} or {@code << EOF} as a heredoc header with empty
     * content, as BuildKit's {@code ParseHeredoc} does; empty when the word is not one, or cannot be lexed.
     */
    public static Optional<Heredoc> fromWord(String word) {
        try {
            return Optional.ofNullable(fromWordOrNull(word));
        } catch (HeredocLexer.LexException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #fromWord} but reports lexing errors, as the parser must. */
    static Heredoc fromWordOrNull(String word) throws HeredocLexer.LexException {
        // ^(\d*)<<(-?)\s*([^<]*)$ with Go's ASCII \d and \s
        int i = 0;
        while (i < word.length() && word.charAt(i) >= '0' && word.charAt(i) <= '9') {
            i++;
        }
        String digits = word.substring(0, i);
        if (!word.startsWith("<<", i)) {
            return null;
        }
        i += 2;
        boolean chomp = false;
        if (i < word.length() && word.charAt(i) == '-') {
            chomp = true;
            i++;
        }
        while (i < word.length() && isRegexpSpace(word.charAt(i))) {
            i++;
        }
        String rest = word.substring(i);
        if (rest.indexOf('<') >= 0 || rest.isEmpty()) {
            return null;
        }
        List<String> words;
        List<String> raw;
        try {
            words = HeredocLexer.words(rest, false, false);
            if (words.size() != 1) {
                return null;
            }
            raw = HeredocLexer.words(rest, true, false);
        } catch (HeredocLexer.LexException e) {
            throw new HeredocLexer.LexException("failed to process " + GoText.quote(rest) + ": " + e.getMessage());
        }
        if (raw.size() != words.size()) {
            throw new HeredocLexer.LexException("internal lexing of heredoc produced inconsistent results: " + rest);
        }
        String name = words.getFirst();
        boolean expand = quoteCount(name) == quoteCount(raw.getFirst());
        return new Heredoc(name, fileDescriptor(digits), expand, chomp, "");
    }

    private static boolean isRegexpSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static int quoteCount(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }

    /** {@code strconv.ParseUint(digits, 10, 0)}: empty means 0; values beyond an int are capped (Go saturates too). */
    private static int fileDescriptor(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        String significant = digits.substring(start);
        if (significant.isEmpty()) {
            return 0;
        }
        return significant.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(significant);
    }
}
