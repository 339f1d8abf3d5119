package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import java.util.List;

/**
 * A container image: a manifest, the config it names and the layers it lists
 * (https://github.com/opencontainers/image-spec/blob/main/manifest.md).
 *
 * <p>A read-only view; implementations are immutable and thread-safe, and may read lazily from their
 * backend on first use (so any accessor may throw an {@link ImageException}, and may block: call them on
 * worker or virtual threads). To change an image, build a new one (see the {@code mutate} package).
 *
 * <p><b>Raw bytes are authoritative.</b> {@link #digest()} is the digest of {@link #rawManifest()} and
 * {@link #configDigest()} that of {@link #rawConfig()}, exactly as stored; the parsed records are for
 * reading only and are never re-serialised to compute a digest.
 *
 * <p>Most backends do not implement this directly: they provide a {@link BlobSource} and let
 * {@link Partial} derive the rest.
 */
public interface Image {

    /** The parsed manifest. */
    Manifest manifest();

    /** The manifest bytes exactly as stored. */
    byte[] rawManifest();

    /** Digest of {@link #rawManifest()}. */
    Digest digest();

    /**
     * The manifest's media type: its {@code mediaType} field, or the type it was referenced with, or
     * {@link MediaType#OCI_MANIFEST} (some tools, e.g. umoci, omit the field in OCI manifests).
     */
    MediaType mediaType();

    /** The parsed config. */
    ImageConfig config();

    /** The config bytes exactly as stored. */
    byte[] rawConfig();

    /** Digest of {@link #rawConfig()}, equal to the manifest's config descriptor digest. */
    Digest configDigest();

    /** The layers in manifest order (base first). */
    List<Layer> layers();

    /**
     * The layer whose compressed blob has {@code digest}.
     *
     * @throws ImageNotFoundException when the manifest lists no such layer
     */
    Layer layerByDigest(Digest digest);

    /**
     * The layer whose uncompressed tar has {@code diffId}.
     *
     * @throws ImageNotFoundException when the config lists no such diff ID
     */
    Layer layerByDiffId(Digest diffId);

    /** The descriptor naming this image's manifest: media type, digest and size of the raw bytes. */
    default Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest(), rawManifest().length);
    }
}
