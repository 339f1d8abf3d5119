/**
 * The tar format of image layers: a reader that is safe on hostile input and a deterministic PAX writer.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Why not commons-compress.</b> Layers come from anywhere, so the reader must cap what it keeps in
 *     memory (PAX and GNU long-name data, at most {@link dev.kiln.engine.layer.tar.TarLimits#DEFAULT} 1 MiB
 *     per entry; names and link targets at most 4096 bytes), tell a truncated stream from a finished one,
 *     refuse what it cannot apply faithfully (sparse files, unknown types, non-UTF-8 names), and agree with
 *     Go's archive/tar (which wrote nearly every layer in existence) on where each header starts. The
 *     writer must produce the same bytes for the same tree every time. Both are small; owning them keeps
 *     those guarantees explicit. commons-compress is still used by the tests as an independent reader and
 *     writer.</li>
 * <li><b>Formats.</b> Reads ustar, PAX (local headers merged, global ones skipped like Docker and
 *     containerd), GNU long names/links and base-256 numbers, star prefixes, old V7 headers. Writes ustar
 *     plus PAX records only where ustar cannot hold a value, with sorted keys and fixed extended-header
 *     fields, like Go's writer; xattrs as {@code SCHILY.xattr.NAME}.</li>
 * <li><b>Errors</b> are {@link dev.kiln.engine.layer.tar.TarException} with a kind and the raw entry
 *     name, which the extractor turns into its own error naming the layer.</li>
 * </ul>
 * Readers and writers are single-threaded streams; entries are immutable records.
 * Format references: https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html and
 * https://www.gnu.org/software/tar/manual/html_node/Standard.html.
 */
package dev.kiln.engine.layer.tar;
