package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.IndexManifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * An image index (OCI) or manifest list (Docker): a list of manifests, usually one image per platform
 * (https://github.com/opencontainers/image-spec/blob/main/image-index.md).
 *
 * <p>A read-only view with the same rules as {@link Image}: immutable, thread-safe, possibly lazy and
 * blocking, raw bytes authoritative.
 */
public interface ImageIndex {

    /** The parsed index. */
    IndexManifest indexManifest();

    /** The index bytes exactly as stored. */
    byte[] rawManifest();

    /** Digest of {@link #rawManifest()}. */
    Digest digest();

    /** The index's media type: its {@code mediaType} field, or {@link MediaType#OCI_INDEX} when absent. */
    MediaType mediaType();

    /**
     * The image this index lists with {@code digest}.
     *
     * @throws ImageNotFoundException when the index does not list it
     */
    Image image(Digest digest);

    /**
     * The nested index this index lists with {@code digest}.
     *
     * @throws ImageNotFoundException when the index does not list it
     */
    ImageIndex imageIndex(Digest digest);

    /** The descriptor naming this index: media type, digest and size of the raw bytes. */
    default Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest(), rawManifest().length);
    }

    /**
     * The descriptor of the image manifest whose platform satisfies {@code wanted} (see
     * {@link Platform#satisfies}); among several, the best by {@link Platform#matchRank} (exact variant
     * before older ones), the first on ties. Entries without a platform, and nested indexes, are not
     * candidates.
     *
     * @throws ImageNotFoundException listing the platforms the index offers when none matches
     */
    default Descriptor descriptorFor(Platform wanted) {
        List<String> available = new ArrayList<>();
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor d : indexManifest().manifests()) {
            if (d.platform() == null || d.mediaType().isIndex()) {
                continue;
            }
            available.add(d.platform().toString());
            if (d.platform().satisfies(wanted) && d.platform().matchRank(wanted) < bestRank) {
                best = d;
                bestRank = d.platform().matchRank(wanted);
            }
        }
        if (best == null) {
            throw new ImageNotFoundException("pick platform " + wanted + " from index " + digest()
                    + ": no match; available: " + (available.isEmpty() ? "none" : String.join(", ", available)));
        }
        return best;
    }

    /**
     * The image for {@code wanted}: {@link #descriptorFor(Platform)} then {@link #image(Digest)}.
     *
     * @throws ImageNotFoundException listing the platforms the index offers when none matches
     */
    default Image imageFor(Platform wanted) {
        return image(descriptorFor(wanted).digest());
    }
}
