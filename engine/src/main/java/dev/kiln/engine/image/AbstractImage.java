package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.MalformedContentException;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import java.util.List;

/**
 * What every {@link Image} derives from its raw manifest, raw config and layer list: parsing (once),
 * media type, digests and layer lookup. Subclasses supply only the config bytes and the layers.
 *
 * <p>Immutable and thread-safe: lazily computed parts sit in {@link Lazy} holders; byte arrays are copied on
 * the way out so callers cannot change them.
 */
abstract class AbstractImage implements Image {

    private final byte[] rawManifest;
    private final Digest digest;
    private final MediaType referencedAs;
    private final String where;
    private final Lazy<Manifest> manifest;
    private final Lazy<byte[]> rawConfig;
    private final Lazy<ImageConfig> config;
    private final Lazy<List<Layer>> layers;

    /**
     * @param rawManifest  the manifest bytes (owned by this object from now on)
     * @param digest       their digest (already verified by the caller)
     * @param referencedAs media type of the descriptor that named the manifest, or {@code null}
     * @param where        names the storage for messages, e.g. {@code OCI layout /tmp/x}
     */
    AbstractImage(byte[] rawManifest, Digest digest, MediaType referencedAs, String where) {
        this.rawManifest = rawManifest;
        this.digest = digest;
        this.referencedAs = referencedAs;
        this.where = where;
        this.manifest = new Lazy<>(this::parseManifest);
        this.rawConfig = new Lazy<>(this::loadRawConfig);
        this.config = new Lazy<>(this::parseConfig);
        this.layers = new Lazy<>(() -> List.copyOf(loadLayers()));
    }

    /** Reads the config bytes, verified against the manifest's config descriptor. */
    abstract byte[] loadRawConfig();

    /** The layers in manifest order, consistent with the manifest and the config's diff IDs. */
    abstract List<Layer> loadLayers();

    /** Names this image in messages: {@code image sha256:... from OCI layout /tmp/x}. */
    final String what() {
        return "image " + digest + " from " + where;
    }

    final String where() {
        return where;
    }

    @Override
    public final Manifest manifest() {
        return manifest.get();
    }

    @Override
    public final byte[] rawManifest() {
        return rawManifest.clone();
    }

    @Override
    public final Digest digest() {
        return digest;
    }

    @Override
    public final MediaType mediaType() {
        MediaType own = manifest().mediaType();
        if (own != null) {
            return own;
        }
        return referencedAs != null ? referencedAs : MediaType.OCI_MANIFEST;
    }

    @Override
    public final ImageConfig config() {
        return config.get();
    }

    @Override
    public final byte[] rawConfig() {
        return rawConfig.get().clone();
    }

    @Override
    public final Digest configDigest() {
        return manifest().config().digest();
    }

    @Override
    public final List<Layer> layers() {
        return layers.get();
    }

    @Override
    public final Layer layerByDigest(Digest wanted) {
        for (Layer l : layers()) {
            if (l.digest().equals(wanted)) {
                return l;
            }
        }
        throw new ImageNotFoundException("find layer " + wanted + " in " + what() + ": not in manifest");
    }

    @Override
    public final Layer layerByDiffId(Digest wanted) {
        for (Layer l : layers()) {
            if (l.diffId().equals(wanted)) {
                return l;
            }
        }
        throw new ImageNotFoundException("find layer with diff ID " + wanted + " in " + what()
                + ": not in config");
    }

    @Override
    public final Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest, rawManifest.length);
    }

    @Override
    public String toString() {
        return what();
    }

    /** The config's diff IDs, checked to pair one-to-one with the manifest's layers. */
    final List<Digest> diffIds() {
        List<Digest> diffIds = config().rootfs().diffIds();
        int layerCount = manifest().layers().size();
        if (diffIds.size() != layerCount) {
            throw new InvalidImageException("read layers of " + what() + ": manifest lists " + layerCount
                    + " layers but config lists " + diffIds.size() + " diff IDs");
        }
        return diffIds;
    }

    private Manifest parseManifest() {
        Manifest m;
        try {
            m = Manifest.parse(rawManifest);
        } catch (MalformedContentException e) {
            throw new InvalidImageException("parse manifest of " + what(), e);
        }
        MediaType type = m.mediaType() != null ? m.mediaType() : referencedAs;
        if (type != null && !type.isManifest()) {
            throw new InvalidImageException("parse manifest of " + what() + ": media type " + type
                    + " is not an image manifest");
        }
        return m;
    }

    private ImageConfig parseConfig() {
        try {
            return ImageConfig.parse(rawConfig.get());
        } catch (MalformedContentException e) {
            throw new InvalidImageException("parse config " + configDigest() + " of " + what(), e);
        }
    }
}
