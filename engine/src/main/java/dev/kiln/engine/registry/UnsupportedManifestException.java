package dev.kiln.engine.registry;

/**
 * The registry served a manifest Kiln does not handle: Docker schema 1 (obsolete since 2017, its layers
 * lack the diff IDs an image config needs) or a media type that is neither an image manifest nor an index.
 *
 * <p>Immutable. The message names the reference and the media type and says what to do.
 */
public class UnsupportedManifestException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String mediaType;

    public UnsupportedManifestException(String action, String mediaType, String reason) {
        super(action, reason);
        this.mediaType = mediaType;
    }

    /** The media type served. */
    public String mediaType() {
        return mediaType;
    }
}
