package dev.kiln.engine.dockerfile.shell;

import java.util.Objects;

/**
 * A word that cannot be expanded: bad {@code ${...}} syntax, an unterminated quote, a failing
 * {@code ${VAR:?message}}, or an invalid pattern.
 *
 * <p>Immutable. Unchecked, because the cause is the Dockerfile (or a build argument) and a build cannot
 * recover from it; the planner reports it with the instruction's line. The message is BuildKit's, e.g.
 * {@code failed to process "he${XXX:?}": XXX: is not allowed to be unset}, so users who search for it find
 * BuildKit's documentation and issues. The word is quoted Go-style ({@code %q}) and shortened when long.
 */
public final class ExpansionException extends RuntimeException {

    private static final int MAX_QUOTED = 200;

    /** What went wrong, for callers that react differently (ARG defaults, lint rules). */
    public enum Kind {
        /** <code>${}</code>, <code>${:}</code>, <code>${{x}</code> and similar. */
        BAD_SUBSTITUTION,
        /** <code>${x</code> without its closing brace. */
        MISSING_BRACE,
        /** <code>${x/pattern</code> without the slash before the replacement. */
        MISSING_SLASH,
        /** {@code ${x:=y}}, {@code ${x:#y}} and other operators BuildKit does not support. */
        UNSUPPORTED_MODIFIER,
        /** {@code ${x?msg}} on an unset variable or {@code ${x:?msg}} on an unset or empty one. */
        REQUIRED_VARIABLE,
        /** A {@code #}, {@code %} or {@code /} pattern with an escape other than {@code \*}, {@code \?}, {@code \\}. */
        INVALID_PATTERN,
        /** A quote that is never closed, or a word that ends inside {@code ${...}}. */
        UNTERMINATED,
        /** Expansions nested deeper than Kiln allows (BuildKit has no limit; Kiln guards its stack). */
        TOO_DEEP
    }

    private final String word;
    private final Kind kind;
    private final String reason;

    /**
     * An error expanding {@code word}.
     *
     * @param word   the word as written, unabridged
     * @param kind   the category of the error
     * @param reason BuildKit's message for it, without the {@code failed to process} prefix
     */
    public ExpansionException(String word, Kind kind, String reason) {
        super("failed to process " + GoText.quote(Objects.requireNonNull(word, "word"), MAX_QUOTED) + ": "
                + Objects.requireNonNull(reason, "reason"));
        this.word = word;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = reason;
    }

    /** The word that failed, unabridged. */
    public String word() {
        return word;
    }

    /** The category of the error. */
    public Kind kind() {
        return kind;
    }

    /** BuildKit's message without the quoted word, e.g. {@code syntax error: bad substitution}. */
    public String reason() {
        return reason;
    }
}
