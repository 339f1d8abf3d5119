package dev.kiln.engine.dockerfile.shell;

import java.util.List;
import java.util.Objects;

/**
 * Dockerfile word expansion: quotes, escapes and {@code $VAR}/<code>${VAR...}</code> substitution, exactly
 * as BuildKit's {@code shell.Lex} (frontend/dockerfile/shell/lex.go) does it.
 *
 * <p>Immutable and thread-safe: every call works on its own state, so one instance can serve a whole
 * build. The escape character is the Dockerfile's ({@code # escape=} directive): {@code \} or
 * {@code `}. The {@link Options} mirror the four switches BuildKit's parser and converter flip for
 * special purposes (heredoc detection, heredoc bodies, build step names).
 *
 * <p>Supported: {@code $VAR}, <code>${VAR}</code>, <code>${VAR:-w}</code>, <code>${VAR-w}</code>,
 * <code>${VAR:+w}</code>, <code>${VAR+w}</code>, <code>${VAR:?msg}</code>, <code>${VAR?msg}</code>,
 * <code>${VAR#p}</code>, <code>${VAR##p}</code>, <code>${VAR%p}</code>, <code>${VAR%%p}</code>,
 * <code>${VAR/p/r}</code> and <code>${VAR//p/r}</code>, with expansions nested in the words; single quotes
 * (literal), double quotes (only {@code $} expands; the escape character escapes only {@code "}, {@code $}
 * and itself); the escape character outside quotes escapes anything and vanishes at the end of a word.
 * {@code $1}, {@code $@}, {@code $?} and the other positional and special parameters are never set.
 */
public final class ShellLex {

    /** The default escape character. */
    public static final char BACKSLASH = '\\';
    /** The escape character Windows Dockerfiles choose with {@code # escape=`}. */
    public static final char BACKTICK = '`';

    /**
     * BuildKit's {@code Lex} switches; all false for ordinary expansion. Immutable.
     *
     * @param rawQuotes         keep quote characters in the result
     * @param rawEscapes        keep escape characters in the result
     * @param skipProcessQuotes treat quotes as ordinary characters (heredoc bodies)
     * @param skipUnsetEnv      leave references to unset variables as written (e.g. <code>${X:-y}</code>)
     */
    public record Options(boolean rawQuotes, boolean rawEscapes, boolean skipProcessQuotes, boolean skipUnsetEnv) {
        /** Ordinary expansion. */
        public static final Options DEFAULT = new Options(false, false, false, false);
    }

    private static final ShellLex DEFAULT = new ShellLex(BACKSLASH, Options.DEFAULT);

    private final char escape;
    private final Options options;

    private ShellLex(char escape, Options options) {
        if (escape != BACKSLASH && escape != BACKTICK) {
            throw new IllegalArgumentException("escape character must be '\\' or '`', not '" + escape + "'");
        }
        this.escape = escape;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A lexer with {@code \} as escape character and default options. */
    public static ShellLex standard() {
        return DEFAULT;
    }

    /** A lexer for the given escape character ({@code \} or {@code `}) with default options. */
    public static ShellLex of(char escape) {
        return escape == BACKSLASH ? DEFAULT : new ShellLex(escape, Options.DEFAULT);
    }

    /** A lexer for the given escape character and options. */
    public static ShellLex of(char escape, Options options) {
        return new ShellLex(escape, options);
    }

    /**
     * The lexer BuildKit uses for the bodies of {@code COPY}/{@code ADD} heredocs whose delimiter is not
     * quoted: escape {@code \} whatever the Dockerfile's escape directive, and quotes kept as text.
     */
    public static ShellLex forHeredocBody() {
        return new ShellLex(BACKSLASH, new Options(false, false, true, false));
    }

    /** This lexer with other options. */
    public ShellLex withOptions(Options newOptions) {
        return new ShellLex(escape, newOptions);
    }

    /** The escape character. */
    public char escape() {
        return escape;
    }

    /** The options. */
    public Options options() {
        return options;
    }

    /**
     * Expands {@code word} against {@code env}: BuildKit's {@code ProcessWord} and
     * {@code ProcessWordWithMatches} in one.
     *
     * @throws ExpansionException with BuildKit's message when the word is malformed or a
     *                            <code>${VAR?msg}</code> check fails
     */
    public Expansion processWord(String word, Env env) {
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(env, "env");
        ShellWord sw = new ShellWord(word, env, escape, options);
        try {
            ShellWord.Scanned scanned = sw.process();
            return new Expansion(scanned.result(), scanned.words(), sw.matched(), sw.unmatched());
        } catch (ShellWord.Failure f) {
            throw new ExpansionException(word, f.kind, f.getMessage());
        }
    }

    /** The same as {@link #processWord}; named after BuildKit's {@code ProcessWordWithMatches}. */
    public Expansion processWordWithMatches(String word, Env env) {
        return processWord(word, env);
    }

    /**
     * Expands {@code word} and splits the result into words at unquoted white space (after substitution:
     * a variable's value can add words, a quoted one cannot), as BuildKit's {@code ProcessWords} does for
     * {@code EXPOSE} and heredoc detection.
     *
     * @throws ExpansionException as {@link #processWord}
     */
    public List<String> processWords(String word, Env env) {
        return processWord(word, env).words();
    }

    /** Expands {@code word} and returns only the value. */
    public String expand(String word, Env env) {
        return processWord(word, env).value();
    }

    @Override
    public String toString() {
        return "ShellLex[escape=" + escape + ", " + options + "]";
    }
}
