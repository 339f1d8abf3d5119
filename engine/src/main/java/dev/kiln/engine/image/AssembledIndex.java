package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An index assembled from raw index bytes and the images and indexes it lists, e.g. a multi-platform build
 * result. The constructor checks that every listed manifest is among the children given, with the same
 * digest and size.
 *
 * <p>Immutable and thread-safe.
 */
final class AssembledIndex extends AbstractIndex {

    private final Map<Digest, Image> images = new HashMap<>();
    private final Map<Digest, ImageIndex> indexes = new HashMap<>();

    AssembledIndex(byte[] rawManifest, List<Image> images, List<ImageIndex> indexes) {
        super(rawManifest.clone(), Digest.sha256(rawManifest), null, "memory");
        images.forEach(i -> this.images.put(i.digest(), i));
        indexes.forEach(i -> this.indexes.put(i.digest(), i));
        for (Descriptor d : indexManifest().manifests()) {
            boolean nested = d.mediaType().isIndex();
            long size = nested ? sizeOf(this.indexes.get(d.digest())) : sizeOf(this.images.get(d.digest()));
            if (size < 0) {
                throw new InvalidImageException("assemble " + what() + ": it lists " + (nested ? "index " : "image ")
                        + d.digest() + " which was not given");
            }
            if (size != d.size()) {
                throw new InvalidImageException("assemble " + what() + ": it lists " + d.digest() + " with size "
                        + d.size() + " but its manifest has " + size + " bytes");
            }
        }
    }

    @Override
    Image child(Descriptor descriptor) {
        return images.get(descriptor.digest());
    }

    @Override
    ImageIndex childIndex(Descriptor descriptor) {
        return indexes.get(descriptor.digest());
    }

    private static long sizeOf(Image i) {
        return i == null ? -1 : i.rawManifest().length;
    }

    private static long sizeOf(ImageIndex i) {
        return i == null ? -1 : i.rawManifest().length;
    }
}
