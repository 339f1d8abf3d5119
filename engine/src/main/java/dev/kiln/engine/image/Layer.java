package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One filesystem layer of an image: a tar archive, usually stored compressed
 * (https://github.com/opencontainers/image-spec/blob/main/layer.md).
 *
 * <p>A read-only view; implementations are immutable and thread-safe (each {@code open} call returns a
 * fresh stream). The accessors are cheap; only the {@code open} methods touch storage.
 *
 * <p><b>Streams are blocking.</b> Callers run them on worker or virtual threads, never on a Vert.x event
 * loop. The caller closes each stream. Implementations backed by content Kiln does not trust verify the
 * digest while streaming and fail at end of stream (see {@link VerifyingInputStream}); a caller must read to
 * the end to get that check.
 */
public interface Layer {

    /** Digest of the blob as stored (compressed): the name used in manifests and registries. */
    Digest digest();

    /** Digest of the uncompressed tar, as listed in the config's {@code rootfs.diff_ids}. */
    Digest diffId();

    /** Size in bytes of the compressed blob. */
    long size();

    /** Media type of the blob, which also tells its compression. */
    MediaType mediaType();

    /** Opens the blob as stored (compressed). Blocking; the caller closes it. */
    InputStream openCompressed() throws IOException;

    /** Opens the uncompressed tar. Blocking; the caller closes it. */
    InputStream openUncompressed() throws IOException;

    /**
     * The descriptor that names this layer in a manifest. Layers read from a manifest return the original
     * descriptor, keeping its annotations and URLs; others build a plain one.
     */
    default Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest(), size());
    }

    /**
     * A registry repository known to hold this layer's blob, so that a push to another repository of the same
     * registry can ask the registry to mount it ({@code POST /v2/<dest>/blobs/uploads/?mount=<digest>&from=<it>},
     * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#mounting-a-blob-from-another-repository)
     * instead of downloading and uploading its bytes. Empty for layers that live only on this machine.
     */
    default Optional<RepositoryName> mountableFrom() {
        return Optional.empty();
    }
}
