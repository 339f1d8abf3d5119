package dev.kiln.engine.image;

/**
 * Content is malformed or inconsistent: a manifest that does not parse, a config whose diff IDs do not
 * match the manifest's layers, a blob of the wrong size, an unsupported layout version.
 *
 * <p>Immutable. Separate from {@link ImageNotFoundException} because retrying or pulling again will not help.
 */
public class InvalidImageException extends ImageException {

    private static final long serialVersionUID = 1L;

    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String action, Throwable cause) {
        super(action, cause);
    }
}
