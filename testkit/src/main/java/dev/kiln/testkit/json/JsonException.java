package dev.kiln.testkit.json;

/**
 * Text is not the JSON that was expected; the message names the offset or the field and the cause.
 *
 * <p>Immutable. Unchecked, because in a test harness bad JSON from a tool is a failure to report, not to
 * recover from.
 */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
