package dev.kiln.engine.layer;

/**
 * A layer could not be written from a rootfs: a listed path is missing or unreadable, a parent is not a
 * directory, compression or the blob file failed. Immutable. The blob's temporary file is removed before
 * this is thrown, so a failed write leaves nothing behind.
 */
public final class LayerWriteException extends LayerException {

    private static final long serialVersionUID = 1L;

    /**
     * @param layer  what the layer is written from, e.g. the rootfs directory
     * @param entry  the path inside the rootfs, or null if the error concerns the whole layer
     * @param detail the cause in words
     * @param cause  the underlying exception, or null
     */
    public LayerWriteException(String layer, String entry, String detail, Throwable cause) {
        super(layer, entry, detail, cause);
    }

    @Override
    protected String action() {
        return "write layer from";
    }
}
