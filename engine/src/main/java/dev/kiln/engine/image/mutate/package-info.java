/**
 * New images from old ones: {@link dev.kiln.engine.image.mutate.Mutate} appends layers, replaces the
 * config, converts between OCI and Docker media types and makes indexes, after go-containerregistry's
 * {@code pkg/v1/mutate}.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Never in place.</b> Every operation returns a new view; the input stays valid and unchanged.</li>
 * <li><b>Checked when made.</b> Results are assembled by {@link dev.kiln.engine.image.Partial}, which
 *     verifies that manifest, config bytes and layers agree, so a wrong assembly fails here rather than at
 *     push time.</li>
 * <li><b>Minimal re-serialisation.</b> Only documents that change get new bytes; a media type conversion
 *     keeps the config bytes, hence the image ID.</li>
 * <li><b>One format per image.</b> Appended layers take the base's media type family; zstd has no Docker
 *     type and is refused rather than silently mislabelled.</li>
 * </ul>
 */
package dev.kiln.engine.image.mutate;
