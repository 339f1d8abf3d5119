/**
 * Read-only views of container images: {@link dev.kiln.engine.image.Image},
 * {@link dev.kiln.engine.image.ImageIndex} and {@link dev.kiln.engine.image.Layer}, after
 * go-containerregistry's {@code pkg/v1} (https://github.com/google/go-containerregistry/tree/main/pkg/v1).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Read-only views, sources and sinks.</b> The three interfaces only read. Backends are sources
 *     (an OCI layout, later a registry) and sinks (an OCI layout, a docker-save tarball, later a registry)
 *     of them, in sub-packages; changing an image means building a new view ({@code mutate}).</li>
 * <li><b>Partial cores.</b> A content-addressed backend implements only
 *     {@link dev.kiln.engine.image.BlobSource} ("open what this descriptor names");
 *     {@link dev.kiln.engine.image.Partial} derives images and indexes from it, so parsing, verification,
 *     lazy caching, layer lookup and platform selection exist once. Images assembled in memory from bytes
 *     and {@link dev.kiln.engine.image.Layer}s go through the same base and are checked for consistency.</li>
 * <li><b>Raw bytes are authoritative.</b> Manifest and config digests are of the stored bytes, never of
 *     re-serialised JSON (see {@code dev.kiln.engine.oci}).</li>
 * <li><b>Untrusted content is verified while it streams.</b>
 *     {@link dev.kiln.engine.image.VerifyingInputStream} hashes and counts; at end of stream a mismatch
 *     fails with a {@link dev.kiln.engine.image.DigestMismatchException} naming both digests. Small
 *     documents (manifests, configs) are read whole with a size cap.</li>
 * <li><b>Blocking.</b> Views are lazy and streams are plain {@link java.io.InputStream}s: callers run them
 *     on worker or virtual threads, never on an event loop.</li>
 * <li><b>Errors.</b> One unchecked family rooted at {@link dev.kiln.engine.image.ImageException}; messages
 *     name the action, the object and the cause.</li>
 * <li><b>Layers from tars.</b> {@link dev.kiln.engine.image.Layers} hashes a tar (diff ID), compresses it
 *     once with gzip ({@code java.util.zip}) or zstd (zstd-jni) and hashes the result (digest); reading
 *     sniffs the compression from magic bytes rather than trusting media types.</li>
 * <li><b>Where a layer can be mounted from.</b> {@link dev.kiln.engine.image.Layer#mountableFrom()} names a
 *     registry repository known to hold the blob (images read from a registry, layer-cache hits), so a push to
 *     another repository of that registry mounts it instead of moving its bytes; the names come from
 *     {@code dev.kiln.engine.reference}, which knows nothing of images.</li>
 * </ul>
 *
 * <p>Depends on {@code dev.kiln.engine.oci} and {@code dev.kiln.engine.reference} only; the backend
 * sub-packages depend on this one, never the other way round.
 */
package dev.kiln.engine.image;
