package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;

/**
 * An index read from a {@link BlobSource}; its children are read from the same source on demand.
 *
 * <p>Immutable and thread-safe.
 */
final class BlobIndex extends AbstractIndex {

    private final BlobSource source;

    BlobIndex(BlobSource source, byte[] rawManifest, Digest digest, MediaType referencedAs) {
        super(rawManifest, digest, referencedAs, source.describe());
        this.source = source;
    }

    @Override
    Image child(Descriptor descriptor) {
        return Partial.image(source, descriptor);
    }

    @Override
    ImageIndex childIndex(Descriptor descriptor) {
        return Partial.index(source, descriptor);
    }
}
