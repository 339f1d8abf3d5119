package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import java.util.List;

/**
 * An image assembled from raw manifest bytes, raw config bytes and layer objects, e.g. by {@code mutate}.
 * The constructor checks that the three agree, so a wrongly assembled image fails where it is made, not
 * where it is pushed.
 *
 * <p>Immutable and thread-safe.
 */
final class AssembledImage extends AbstractImage {

    private final byte[] rawConfig;
    private final List<Layer> layers;

    AssembledImage(byte[] rawManifest, byte[] rawConfig, List<Layer> layers) {
        super(rawManifest.clone(), Digest.sha256(rawManifest), null, "memory");
        this.rawConfig = rawConfig.clone();
        this.layers = List.copyOf(layers);
        check();
    }

    @Override
    byte[] loadRawConfig() {
        return rawConfig;
    }

    @Override
    List<Layer> loadLayers() {
        return layers;
    }

    private void check() {
        String action = "assemble " + what();
        Descriptor config = manifest().config();
        Digest configDigest = Digest.of(config.digest().algorithm(), rawConfig);
        if (!configDigest.equals(config.digest()) || config.size() != rawConfig.length) {
            throw new InvalidImageException(action + ": manifest names config " + config.digest() + " ("
                    + config.size() + " bytes) but the config is " + configDigest + " (" + rawConfig.length
                    + " bytes)");
        }
        List<Descriptor> listed = manifest().layers();
        if (listed.size() != layers.size()) {
            throw new InvalidImageException(action + ": manifest lists " + listed.size() + " layers but "
                    + layers.size() + " were given");
        }
        List<Digest> diffIds = diffIds();
        for (int i = 0; i < listed.size(); i++) {
            Layer l = layers.get(i);
            Descriptor d = listed.get(i);
            if (!d.digest().equals(l.digest()) || d.size() != l.size()) {
                throw new InvalidImageException(action + ": manifest layer " + i + " is " + d.digest() + " ("
                        + d.size() + " bytes) but the layer given is " + l.digest() + " (" + l.size() + " bytes)");
            }
            if (!diffIds.get(i).equals(l.diffId())) {
                throw new InvalidImageException(action + ": config diff ID " + i + " is " + diffIds.get(i)
                        + " but layer " + l.digest() + " has diff ID " + l.diffId());
            }
        }
    }
}
