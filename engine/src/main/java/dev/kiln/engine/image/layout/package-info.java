/**
 * The OCI image layout as a source and a sink of images and indexes
 * (https://github.com/opencontainers/image-spec/blob/main/image-layout.md), compatible with skopeo's and
 * umoci's {@code oci:DIR:TAG} references.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>A {@link dev.kiln.engine.image.BlobSource}.</b> {@link dev.kiln.engine.image.layout.OciLayout}
 *     only maps descriptors to {@code blobs/<alg>/<hex>}; images and indexes read from it come from
 *     {@link dev.kiln.engine.image.Partial}, so every byte is verified against its digest. Foreign layouts
 *     are accepted (manifests without {@code mediaType}, as umoci writes them; nested indexes).</li>
 * <li><b>Tags</b> are {@code org.opencontainers.image.ref.name} annotations on {@code index.json} entries,
 *     checked against the spec's grammar; a tag is unique in a layout this package writes.</li>
 * <li><b>Crash- and failure-safe writes.</b> Each blob and {@code index.json} is written to a temp file in
 *     its own directory, flushed and renamed; children are written before the manifest or index that names
 *     them; blobs are verified while written and skipped when present. A failed write leaves no partial
 *     file.</li>
 * </ul>
 */
package dev.kiln.engine.image.layout;
