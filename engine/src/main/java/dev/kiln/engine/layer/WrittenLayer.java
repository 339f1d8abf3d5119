package dev.kiln.engine.layer;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A layer blob written to disk, with everything a manifest and config need from it; the Go-containerregistry
 * Layer's six accessors, computed in the one streaming pass that wrote the blob.
 *
 * <p>Immutable.
 *
 * @param blob             the blob file, named by its digest's hex
 * @param digest           sha256 of the blob as stored (the manifest's layer digest)
 * @param diffId           sha256 of the uncompressed tar (the config's {@code rootfs.diff_ids} entry)
 * @param size             size of the blob in bytes
 * @param uncompressedSize size of the tar in bytes
 * @param mediaType        the layer media type matching the compression
 */
public record WrittenLayer(Path blob, Digest digest, Digest diffId, long size, long uncompressedSize,
                           MediaType mediaType) {

    public WrittenLayer {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
