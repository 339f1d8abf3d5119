package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Derives full {@link Image} and {@link ImageIndex} views from a minimal core, after go-containerregistry's
 * {@code pkg/v1/partial}: a backend implements a {@link BlobSource} (or just has bytes and layers at hand)
 * and gets parsing, verification, lazy caching, layer lookup and platform selection for free, identical for
 * every backend.
 *
 * <p>Stateless. Reading manifests here is blocking: call from worker or virtual threads.
 */
public final class Partial {

    /** Largest manifest or index accepted: the limit registries (distribution) enforce. */
    public static final long MAX_MANIFEST_SIZE = 4L * 1024 * 1024;

    /** Largest config accepted; real configs are kilobytes, this only stops a hostile source. */
    public static final long MAX_CONFIG_SIZE = 64L * 1024 * 1024;

    private Partial() {
    }

    /**
     * The image whose manifest {@code manifest} names in {@code source}. Reads and verifies the manifest now;
     * config and layers when first asked.
     *
     * @throws ImageNotFoundException when the source lacks the manifest
     * @throws InvalidImageException  when it does not match the descriptor or is not an image manifest
     */
    public static Image image(BlobSource source, Descriptor manifest) {
        Objects.requireNonNull(source, "source");
        byte[] raw = readVerified(source, manifest, MAX_MANIFEST_SIZE,
                "read manifest " + manifest.digest() + " from " + source.describe());
        BlobImage image = new BlobImage(source, raw, manifest.digest(), manifest.mediaType());
        image.manifest();
        return image;
    }

    /**
     * The index whose bytes {@code index} names in {@code source}; its children come from the same source.
     */
    public static ImageIndex index(BlobSource source, Descriptor index) {
        Objects.requireNonNull(source, "source");
        byte[] raw = readVerified(source, index, MAX_MANIFEST_SIZE,
                "read index " + index.digest() + " from " + source.describe());
        BlobIndex result = new BlobIndex(source, raw, index.digest(), index.mediaType());
        result.indexManifest();
        return result;
    }

    /**
     * An index from bytes already at hand (e.g. an OCI layout's {@code index.json}), whose children come
     * from {@code source}. Its digest is the sha256 of {@code rawIndex}.
     */
    public static ImageIndex index(BlobSource source, byte[] rawIndex) {
        Objects.requireNonNull(source, "source");
        BlobIndex result = new BlobIndex(source, rawIndex.clone(), Digest.sha256(rawIndex), null);
        result.indexManifest();
        return result;
    }

    /**
     * An image from its raw manifest, raw config and layers, checked for consistency: the manifest must name
     * the config by digest and size, list the layers in order by digest and size, and the config's diff IDs
     * must be the layers' diff IDs.
     *
     * @throws InvalidImageException naming the first disagreement
     */
    public static Image image(byte[] rawManifest, byte[] rawConfig, List<Layer> layers) {
        return new AssembledImage(rawManifest, rawConfig, layers);
    }

    /**
     * An index from its raw bytes and the images and nested indexes it lists, checked: every listed
     * manifest must be given, with the listed size. Children given but not listed are ignored.
     *
     * @throws InvalidImageException naming the first missing or mismatched child
     */
    public static ImageIndex index(byte[] rawIndex, List<Image> images, List<ImageIndex> indexes) {
        return new AssembledIndex(rawIndex, images, indexes);
    }

    /**
     * Reads a whole small blob (manifest, index, config) from {@code source}, verified against its
     * descriptor's digest and size.
     *
     * @param action names action and object for messages
     * @throws InvalidImageException when the descriptor's size exceeds {@code maxSize} or the bytes do not match
     */
    static byte[] readVerified(BlobSource source, Descriptor descriptor, long maxSize, String action) {
        if (descriptor.size() > maxSize) {
            throw new InvalidImageException(action + ": size " + descriptor.size() + " exceeds the limit of "
                    + maxSize + " bytes");
        }
        try (InputStream in = new VerifyingInputStream(source.open(descriptor), descriptor.digest(),
                descriptor.size(), action)) {
            return in.readAllBytes(); // reads to end of stream, where the check runs
        } catch (IOException e) {
            throw new ImageException(action, e);
        }
    }
}
