/**
 * Applying a layer blob to a rootfs directory ({@link dev.kiln.engine.layer.extract.LayerExtractor}), all
 * layers of an image ({@link dev.kiln.engine.layer.extract.ImageExtractor}), and deleting a rootfs again
 * ({@link dev.kiln.engine.layer.extract.RootfsCleaner}).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Stream in, files out.</b> The blob is an {@link java.io.InputStream} (a file, an HTTP body, the
 *     reading end of a pipe fed by the next download), decompressed by magic bytes, hashed on the fly when
 *     digests are wanted, and read to its end.</li>
 * <li><b>Paths.</b> Entry names lose leading {@code /} and {@code ./}; a {@code ..} component is refused.
 *     The parent directory is resolved with {@link dev.kiln.engine.fs.Rootfs#resolve}, so existing
 *     symlinked directories are honoured (merged /usr: {@code lib/x} with {@code lib -> usr/lib} lands in
 *     {@code usr/lib/x}; {@code a -> /etc} then {@code a/passwd} lands in {@code <root>/etc/passwd}) but no
 *     link leads out of the root. Missing parents are created 0755 root:root, as Docker does. The last
 *     component is never followed: what is there is removed (a directory with its content) unless a
 *     directory meets a directory, and created anew with {@code O_EXCL|O_NOFOLLOW}. A directory entry
 *     replaces a symlink even when the link resolves to a directory, as containerd and umoci do (kaniko
 *     keeps the link; Kiln follows the runtimes, so an image looks the same wherever it is unpacked).</li>
 * <li><b>Whiteouts</b> hide lower-layer content only: paths written by the current layer (and their
 *     ancestors) are remembered, and a whiteout or opaque marker removes everything else at or below its
 *     target, whatever the order of entries in the layer.</li>
 * <li><b>Kept paths.</b> An in-place build extracts over the executor's own {@code /}; the paths
 *     {@link dev.kiln.engine.layer.extract.ExtractOptions#keep} names (kaniko's ignore list: mounts, the
 *     executor's files) are skipped, never removed by a whiteout, and a removal walks around them (an entry
 *     that would replace a directory holding one fails instead).</li>
 * <li><b>Hardlinks</b> must name a non-directory already in the rootfs (earlier in the same layer or from a
 *     lower one); absolute targets are re-rooted, {@code ..} refused.</li>
 * <li><b>Metadata</b> in {@link dev.kiln.engine.fs.Posix#restore}'s order: chown, chmod (with
 *     setuid/setgid/sticky), xattrs ({@code SCHILY.xattr.*}, incl. {@code security.capability}; refused
 *     ones become warnings as in Docker), times. A directory's mode and times are set in a final pass,
 *     after its children are written (so its mtime stays, and a 0555 directory does not stop a
 *     non-root extractor), and only if the directory is still the one created.</li>
 * <li><b>Errors</b> stop the extraction with an {@link dev.kiln.engine.layer.ExtractException} naming
 *     the layer and the entry. The rootfs then holds part of the layer: callers discard it.</li>
 * <li><b>Images: download while extracting.</b> {@link dev.kiln.engine.layer.extract.ImageExtractor}
 *     applies the layers of an {@link dev.kiln.engine.image.Image} base first, on the calling (worker or
 *     virtual) thread, while virtual threads copy the next blobs (a bounded read-ahead, 2 by default)
 *     into a private temporary directory, so network time overlaps extraction time and at most
 *     read-ahead + 1 blobs are on disk. Each layer's digest is checked against the manifest and its
 *     diff ID against the config. On failure the running fetches are stopped, the temporary files
 *     removed, and {@link dev.kiln.engine.layer.extract.ImageExtractException} says which layer failed
 *     and whether the rootfs was changed (then it must be discarded). Read-ahead 0 streams each layer
 *     directly, for layers on a local disk.</li>
 * <li><b>Deleting a rootfs</b> ({@link dev.kiln.engine.layer.extract.RootfsCleaner}) never follows a
 *     symlink and never crosses a mount point (device or mount ID differs from the root's), opens
 *     directories without owner permissions before emptying them, and leaves and reports, rather than
 *     forces, files with the immutable or append-only attribute
 *     ({@link dev.kiln.engine.layer.extract.RootfsCleanupException}).</li>
 * </ul>
 * Not for trees another process modifies concurrently (see {@link dev.kiln.engine.fs.Rootfs} on TOCTOU).
 */
package dev.kiln.engine.layer.extract;
