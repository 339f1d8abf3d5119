/**
 * The layer cache and the base-image cache: warm rebuilds that touch only what changed.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Keys, not timestamps.</b> Every step of a stage has a chain key ({@link dev.kiln.engine.cache.CacheKey}):
 *     the key before it (at the start, the base image's manifest digest or the key of the stage it builds on)
 *     hashed with what the step means (the instruction after expansion, for {@code RUN} the environment and
 *     mounts, for {@code COPY}/{@code ADD} the content and metadata of every source file). Computed before
 *     anything runs ({@code cache.key}); documented in {@code docs/CACHE.md}.</li>
 * <li><b>Entries are tiny images.</b> A filesystem step's entry is an image with the step's layer (or none)
 *     stored under the key ({@code cache.store}): a tag of the cache repository, or a ref name in an OCI
 *     layout. {@link dev.kiln.engine.cache.LayerCache} is the interface the build uses; probes never fail
 *     (a bad entry is a miss), stores fail and the build warns.</li>
 * <li><b>Base images on disk.</b> {@code cache.base} keeps pulled base images as OCI layouts named by manifest
 *     digest, written to a temporary directory and renamed, under a per-digest lock, so warmers and executors
 *     can share one volume.</li>
 * </ul>
 */
package dev.kiln.engine.cache;
