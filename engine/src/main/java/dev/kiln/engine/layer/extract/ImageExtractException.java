package dev.kiln.engine.layer.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The layers of an image could not all be applied to a rootfs: a layer could not be fetched, its digest
 * or diff ID differs from the manifest and config, it is corrupt or hostile, or a system call failed.
 *
 * <p>Immutable. The message names the image, the layer (position and digest), the rootfs and the cause,
 * and says whether the rootfs must be discarded:
 * {@code extract image sha256:ab12… into /stage/0: layer 2/5: extract layer sha256:cd34…:
 * diff ID is sha256:…, expected sha256:…; the rootfs holds part of the image: discard it}.
 * The cause is the {@link dev.kiln.engine.layer.ExtractException} of the layer, or what the fetch threw.
 * Temporary files are removed before this is thrown.
 */
public final class ImageExtractException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String image;
    private final transient Path rootfs;
    private final int layerIndex;
    private final int layerCount;
    private final int layersApplied;
    private final boolean rootfsTouched;
    private final String detail;

    /**
     * @param image         the image, usually its manifest digest
     * @param rootfs        the directory the layers were applied to
     * @param layerIndex    the failing layer (0 is the base), or -1 if the failure concerns the whole image
     * @param layerCount    the number of layers of the image
     * @param layersApplied layers applied completely before the failure
     * @param rootfsTouched whether any layer had started to change the rootfs
     * @param detail        the cause in words (with the layer's digest if there is one)
     * @param cause         the underlying exception, or null
     */
    public ImageExtractException(String image, Path rootfs, int layerIndex, int layerCount, int layersApplied,
                                 boolean rootfsTouched, String detail, Throwable cause) {
        super(detail, cause);
        this.image = Objects.requireNonNull(image, "image");
        this.rootfs = Objects.requireNonNull(rootfs, "rootfs");
        this.layerIndex = layerIndex;
        this.layerCount = layerCount;
        this.layersApplied = layersApplied;
        this.rootfsTouched = rootfsTouched;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** The image, usually its manifest digest. */
    public String image() {
        return image;
    }

    /** The rootfs directory. */
    public Path rootfs() {
        return rootfs;
    }

    /** The failing layer's position (0 is the base), or -1 for the whole image. */
    public int layerIndex() {
        return layerIndex;
    }

    /** How many layers were applied completely before the failure. */
    public int layersApplied() {
        return layersApplied;
    }

    /**
     * True if the rootfs holds part of the image and must be discarded (for instance with
     * {@link RootfsCleaner#delete}); false if no layer had started to change it.
     */
    public boolean rootfsUnusable() {
        return rootfsTouched;
    }

    /** The cause in words, without the image and the rootfs. */
    public String detail() {
        return detail;
    }

    @Override
    public String getMessage() {
        String where = layerIndex < 0 ? "" : "layer " + (layerIndex + 1) + "/" + layerCount + ": ";
        return "extract image " + image + " into " + rootfs + ": " + where + detail
                + (rootfsTouched ? "; the rootfs holds part of the image: discard it" : "; the rootfs was not changed");
    }
}
