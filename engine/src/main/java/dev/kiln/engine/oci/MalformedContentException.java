package dev.kiln.engine.oci;

/**
 * Thrown when bytes that should be an OCI or Docker document (manifest, index, image config) cannot be
 * read as one: invalid JSON, a wrong JSON type, a missing required field, an unsupported
 * {@code schemaVersion}.
 *
 * <p>Unchecked because the content comes from outside (a registry, a layout on disk) and callers can
 * rarely do more than report it. Immutable. The message names the action, the document (by digest) and
 * the offending field, e.g. {@code parse image manifest sha256:0123456789ab: "layers[1].size": expected
 * integer, got string}.
 */
public final class MalformedContentException extends RuntimeException {

    private final String field;

    /** A failure that concerns the document as a whole. */
    public MalformedContentException(String message) {
        this(message, null, null);
    }

    /** A failure caused by an underlying exception (e.g. the JSON decoder). */
    public MalformedContentException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * A failure located at {@code field}, a JSON path such as {@code layers[1].size}; {@code field} may
     * be null when the failure concerns the document as a whole.
     */
    public MalformedContentException(String message, String field, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The JSON path of the offending field, e.g. {@code config.digest}, or null. */
    public String field() {
        return field;
    }
}
