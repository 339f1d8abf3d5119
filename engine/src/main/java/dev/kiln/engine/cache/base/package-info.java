/**
 * The base-image cache ({@code --cache-dir}): base images pulled ahead of time by the warmer and read by builds
 * without a registry.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Content-addressed entries.</b> Each image is a complete OCI image layout named by its platform-specific
 *     manifest digest ({@code sha256-<hex>}), so any two writers of one name write the same bytes; a small
 *     {@code kiln-entry.json} records the references (and platforms, and times) it was warmed from, which is
 *     how a tag finds it and what the TTL is measured from.</li>
 * <li><b>Whole entries or none.</b> Writers build an entry in a temporary directory of the cache directory and
 *     rename it into place under a per-digest lock (a file lock, because executors and warmers in several
 *     containers share the volume, plus a lock of the JVM, because file locks are per process). Replacing
 *     swaps the two directories in one {@code renameat2(RENAME_EXCHANGE)}. Readers take no lock.</li>
 * <li><b>Misses, not failures.</b> A lookup never fails: absent, expired and corrupt entries are misses (the
 *     build pulls from the registry instead); temporary directories of killed writers are never read and are
 *     removed once their lock is free and they are old.</li>
 * <li><b>Verified bytes.</b> Blobs are verified while written and again while read (the {@code image.layout}
 *     views check every stream against its digest).</li>
 * </ul>
 * Reference: kaniko's {@code pkg/cache/warm.go} and {@code pkg/cache/cache.go} (which keep a tarball per
 * digest; Kiln keeps OCI layouts, readable by skopeo and umoci).
 */
package dev.kiln.engine.cache.base;
