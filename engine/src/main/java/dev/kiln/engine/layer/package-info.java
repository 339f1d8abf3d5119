/**
 * Image layers: the values and errors shared by layer extraction ({@link dev.kiln.engine.layer.extract})
 * and layer writing ({@link dev.kiln.engine.layer.write}), which build on the tar format
 * ({@link dev.kiln.engine.layer.tar}) and compression ({@link dev.kiln.engine.layer.compress}).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Streaming, one pass.</b> A layer is never held in memory. Extraction reads blob bytes through a
 *     digest, the decompressor (chosen by magic bytes), a digest of the tar and the tar reader straight
 *     into files; writing runs the same chain backwards into a temporary file renamed to its digest.
 *     {@link dev.kiln.engine.layer.HashingInputStream} and {@link dev.kiln.engine.layer.HashingOutputStream}
 *     are the tees.</li>
 * <li><b>OCI semantics</b> (https://github.com/opencontainers/image-spec/blob/main/layer.md): whiteouts
 *     ({@link dev.kiln.engine.layer.Whiteouts}) hide lower-layer content only; an entry replaces what is
 *     at its path except directory over directory, which merges; hardlinks point inside the rootfs.</li>
 * <li><b>Hostile input is the normal case.</b> Every path goes through {@link dev.kiln.engine.fs.Rootfs},
 *     so symlinks in parents are followed inside the root only and the last component is never followed;
 *     {@code ..} names are refused, absolute ones re-rooted; header sizes and names are capped.</li>
 * <li><b>Typed results and errors.</b> {@link dev.kiln.engine.layer.WrittenLayer} and
 *     {@link dev.kiln.engine.layer.ExtractResult} are records; failures are the sealed
 *     {@link dev.kiln.engine.layer.LayerException} family, whose messages name the action, the layer and
 *     the entry: {@code extract layer sha256:ab12…: entry "../../etc/passwd": name has a ".." component}.</li>
 * <li><b>Change lists</b> ({@link dev.kiln.engine.layer.LayerChange}) are the interface to change
 *     detection: put, delete, opaque, by container path.</li>
 * </ul>
 *
 * <p>Package dependencies, without cycles: {@code layer} uses {@code oci}; {@code layer.compress} uses
 * {@code oci}; {@code layer.tar} uses nothing of Kiln; {@code layer.extract} and {@code layer.write} use
 * all of those and {@code fs}; {@code layer.extract} also reads {@code image} (to apply an image's
 * layers) and {@code layer.write} reads {@code snapshot} (to write a change set as a layer). Neither
 * {@code image} nor {@code snapshot} knows layers, and nothing here depends on the extractor or writer
 * packages.
 */
package dev.kiln.engine.layer;
