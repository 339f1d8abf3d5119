/**
 * Writing a layer blob from rootfs changes: {@link dev.kiln.engine.layer.write.LayerWriter}.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Input</b> is a list of {@link dev.kiln.engine.layer.LayerChange}s (paths put, deleted, made
 *     opaque) from change detection; the writer adds every parent directory, a {@code .wh.} entry per
 *     deletion, and sorts the entries component by component, so a tree always gives the same tar.
 *     {@link dev.kiln.engine.layer.write.SnapshotLayers} makes that list from a snapshot's
 *     {@link dev.kiln.engine.snapshot.ChangeSet} (whiteouts, then puts; a type change is both, of which
 *     the put wins) and writes nothing when only the root directory changed.</li>
 * <li><b>Entries</b> carry numeric ids with empty user and group names, the 12 permission bits, mtimes to
 *     the nanosecond (PAX {@code mtime} when not whole seconds), xattrs ({@code SCHILY.xattr.*}, SELinux
 *     labels excepted), device numbers and FIFOs; files with several links become one file and hardlinks,
 *     detected by device and inode within the layer. Sockets are skipped (tar cannot hold them).</li>
 * <li><b>One pass</b>: tar, sha256 of the tar (diff ID), compression (parallel gzip or zstd), sha256 and
 *     size of the blob, into a temporary file in the blob directory that is renamed to the digest's hex
 *     when complete, so a blob under its name is always whole.</li>
 * <li><b>Reproducible</b> with {@link dev.kiln.engine.layer.write.Timestamps}: fixed or clamped times, and
 *     compressed bytes that do not depend on the core count.</li>
 * </ul>
 * Paths are read without following symlinks, and each parent must be a directory entry of the layer, so
 * no link in the rootfs can make the writer read a host file.
 */
package dev.kiln.engine.layer.write;
