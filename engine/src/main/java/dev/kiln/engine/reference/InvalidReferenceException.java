package dev.kiln.engine.reference;

import java.util.Objects;

/**
 * An image reference that does not follow Docker's reference grammar.
 *
 * <p>Immutable. Unchecked, and an {@link IllegalArgumentException}, because a bad reference is bad input
 * (a {@code --destination} flag, a {@code FROM} line) that the caller validates once at the edge; it is not
 * a condition a caller can recover from deep inside a build, and a checked exception would only be
 * wrapped at every lambda. The message quotes the input (shortened if very long) and says what is wrong,
 * e.g. {@code invalid image reference "Busybox": repository name must be lowercase}.
 */
public final class InvalidReferenceException extends IllegalArgumentException {

    private static final int MAX_QUOTED = 200;

    private final String input;
    private final String reason;

    /** An error for {@code input} with a human-readable {@code reason}. */
    public InvalidReferenceException(String input, String reason) {
        this(input, reason, null);
    }

    /** An error for {@code input} with a human-readable {@code reason} and the underlying cause. */
    public InvalidReferenceException(String input, String reason, Throwable cause) {
        super("invalid image reference \"" + quote(Objects.requireNonNull(input, "input")) + "\": "
                + Objects.requireNonNull(reason, "reason"), cause);
        this.input = input;
        this.reason = reason;
    }

    /** The rejected text, unabridged. */
    public String input() {
        return input;
    }

    /** What is wrong with it, without the quoted input (e.g. {@code repository name must be lowercase}). */
    public String reason() {
        return reason;
    }

    private static String quote(String s) {
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED - 3) + "...";
    }
}
