package dev.kiln.engine.image;

/**
 * Something that was asked for by name is absent: a blob, a manifest, a tag, a layer or a platform.
 *
 * <p>Immutable. A separate type so callers can tell "not there" (maybe pull it, maybe report a typo) from
 * "there but broken" ({@link InvalidImageException}).
 */
public class ImageNotFoundException extends ImageException {

    private static final long serialVersionUID = 1L;

    public ImageNotFoundException(String message) {
        super(message);
    }

    public ImageNotFoundException(String action, Throwable cause) {
        super(action, cause);
    }
}
