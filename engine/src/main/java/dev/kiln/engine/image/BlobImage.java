package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.RepositoryName;
import java.util.ArrayList;
import java.util.List;

/**
 * An image read from a {@link BlobSource}: config and layers are fetched from the source by their
 * descriptors and verified against them.
 *
 * <p>Immutable and thread-safe (see {@link AbstractImage}).
 */
final class BlobImage extends AbstractImage {

    private final BlobSource source;

    BlobImage(BlobSource source, byte[] rawManifest, Digest digest, MediaType referencedAs) {
        super(rawManifest, digest, referencedAs, source.describe());
        this.source = source;
    }

    @Override
    byte[] loadRawConfig() {
        Descriptor config = manifest().config();
        return Partial.readVerified(source, config, Partial.MAX_CONFIG_SIZE,
                "read config " + config.digest() + " of " + what());
    }

    @Override
    List<Layer> loadLayers() {
        List<Descriptor> descriptors = manifest().layers();
        List<Digest> diffIds = diffIds();
        List<Layer> result = new ArrayList<>(descriptors.size());
        RepositoryName origin = source.mountableFrom().orElse(null);
        for (int i = 0; i < descriptors.size(); i++) {
            Descriptor d = descriptors.get(i);
            result.add(new StreamLayer(d, diffIds.get(i), () -> source.open(d), null, where(), origin));
        }
        return result;
    }
}
