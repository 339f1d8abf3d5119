package dev.kiln.engine.layer;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;

import java.util.List;
import java.util.Objects;

/**
 * What extracting one layer did: counts, sizes, digests and non-fatal warnings.
 *
 * <p>Immutable. It exists for progress events, metrics and verification: {@link #diffId()} is checked
 * against the image config's {@code rootfs.diff_ids}, {@link #digest()} against the manifest.
 *
 * @param layer       the layer as named by the caller (usually its digest)
 * @param compression the compression detected from the blob's magic bytes
 * @param counts      entries by kind
 * @param contentBytes bytes of regular-file content written
 * @param tarSize     size of the uncompressed tar stream read; including the padding after the
 *                    end-of-archive blocks only when the diff ID is computed
 * @param blobSize    size of the blob as read
 * @param digest      sha256 of the blob as read, or null if not computed
 * @param diffId      sha256 of the tar stream, or null if not computed
 * @param warnings    things skipped but not fatal (xattrs the filesystem refused): the first 100,
 *                    then one line counting the rest
 */
public record ExtractResult(String layer, MediaType.Compression compression, Counts counts, long contentBytes,
                            long tarSize, long blobSize, Digest digest, Digest diffId, List<String> warnings) {

    public ExtractResult {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(counts, "counts");
        warnings = List.copyOf(warnings);
    }

    /**
     * Entries of the tar by what they became. Immutable.
     *
     * @param entries     all entries applied (PAX and GNU extension headers not counted)
     * @param files       regular files
     * @param directories directories, including the root entry
     * @param symlinks    symbolic links
     * @param hardlinks   hard links
     * @param nodes       device nodes and FIFOs
     * @param whiteouts   whiteout and opaque markers
     * @param skipped     entries not applied: aufs metadata ({@code .wh..wh.*})
     */
    public record Counts(long entries, long files, long directories, long symlinks, long hardlinks, long nodes,
                         long whiteouts, long skipped) {}
}
