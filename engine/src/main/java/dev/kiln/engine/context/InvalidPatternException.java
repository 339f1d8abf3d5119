package dev.kiln.engine.context;

import java.util.Objects;

/**
 * A path pattern that Docker would reject: {@code syntax error in pattern} (an unterminated {@code [}, a
 * trailing backslash, a reversed range) or {@code illegal exclusion pattern: "!"}.
 *
 * <p>Immutable. Unchecked, because the pattern comes from a {@code .dockerignore} file or a
 * {@code COPY --exclude} flag written by the user; nothing in the build can repair it. The message names
 * the pattern and says what is wrong; {@link DockerIgnoreException} adds the file and line.
 */
public final class InvalidPatternException extends IllegalArgumentException {

    private final String pattern;
    private final int index;
    private final String reason;

    /**
     * An error in the pattern at position {@code index} of the list given to {@link PatternMatcher#compile}.
     *
     * @param reason Docker's message, possibly with detail, e.g. {@code syntax error in pattern}
     */
    public InvalidPatternException(String pattern, int index, String reason) {
        super("invalid pattern \"" + Objects.requireNonNull(pattern, "pattern") + "\": "
                + Objects.requireNonNull(reason, "reason"));
        this.pattern = pattern;
        this.index = index;
        this.reason = reason;
    }

    /** The pattern as given. */
    public String pattern() {
        return pattern;
    }

    /** Its position in the list given to {@link PatternMatcher#compile}. */
    public int index() {
        return index;
    }

    /** What is wrong, without the pattern. */
    public String reason() {
        return reason;
    }
}
