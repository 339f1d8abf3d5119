/**
 * Layer compression: the {@link dev.kiln.engine.layer.compress.Compression} strategy (gzip, zstd, none),
 * detection by magic bytes, and block-parallel gzip.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Trust the bytes.</b> {@link dev.kiln.engine.layer.compress.Compression#open} looks at the first
 *     four bytes (gzip {@code 1f 8b}, zstd {@code 28 b5 2f fd}) instead of the media type, since
 *     registries serve mislabelled layers and Docker itself accepts them.</li>
 * <li><b>Parallel and reproducible.</b> Deflate is the bottleneck of writing a layer (about 46 MB/s per
 *     core at level 6), so gzip is written pigz-style by
 *     {@link dev.kiln.engine.layer.compress.ParallelGzipOutputStream}: independent 1 MiB blocks primed
 *     with the previous 32 KiB, flushed to byte boundaries and concatenated into one gzip member with the
 *     CRC-32 and length of the whole input. The same algorithm runs inline for one thread, so the bytes
 *     (and the layer digest) never depend on the number of cores. zstd uses its own multi-threaded mode,
 *     whose output is likewise independent of the worker count.</li>
 * <li><b>Bounded.</b> Parallel compression keeps at most two blocks per thread in flight.</li>
 * <li><b>Deterministic headers.</b> gzip headers carry no name, mtime 0 and OS 255, as Go writes them.</li>
 * </ul>
 * The strategies are stateless singletons; the streams belong to one thread each.
 */
package dev.kiln.engine.layer.compress;
