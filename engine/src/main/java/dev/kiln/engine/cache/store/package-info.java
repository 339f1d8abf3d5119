/**
 * The layer-cache backends: where a build finds and stores its steps' layers by
 * {@link dev.kiln.engine.cache.CacheKey}, kaniko's {@code --cache-repo}.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>An entry is a tiny image.</b> One OCI manifest, one config, the step's layer or none, labelled with
 *     its key and a format version ({@code EntryFormat}); any registry or layout tool can store, list, copy and
 *     delete entries, and a registry's garbage collection keeps only what some entry references. Both backends
 *     write and judge entries with the same code.</li>
 * <li><b>Two backends behind {@link dev.kiln.engine.cache.LayerCache}.</b>
 *     {@link dev.kiln.engine.cache.store.RegistryLayerCache}: the tag {@code K} of a registry repository, pushed
 *     with {@code ImagePusher}. {@link dev.kiln.engine.cache.store.OciLayoutLayerCache}: the ref name {@code K}
 *     in an OCI layout, written with {@code OciLayout} (atomic blobs, {@code index.json} updates serialised
 *     per directory). {@link dev.kiln.engine.cache.store.LayerCaches} picks one from the flags.</li>
 * <li><b>Probes never fail.</b> Absent is a quiet miss; expired, foreign or corrupt entries, denied or
 *     unreachable registries are misses with one warning naming the key, the cache and the cause. A probe reads
 *     manifest and config only; a hit's layer is lazy and verified when read.</li>
 * <li><b>Hits move no bytes when they can help it.</b> A registry hit's layer names its repository as
 *     {@code Layer.mountableFrom()}, so pushing the built image to the same registry mounts it
 *     (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#mounting-a-blob-from-another-repository).</li>
 * <li><b>Time is injected.</b> {@code created} and the TTL come from a {@link java.time.Clock}.</li>
 * </ul>
 *
 * <p>Depends on {@code cache}, {@code image} (and its {@code layout}, {@code remote}, {@code mutate}
 * sub-packages), {@code registry}, {@code reference} and {@code oci}; only the build depends on it.
 */
package dev.kiln.engine.cache.store;
