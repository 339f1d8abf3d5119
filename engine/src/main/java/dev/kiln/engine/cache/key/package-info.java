/**
 * Cache keys: the chain key of every step of every built stage of a
 * {@link dev.kiln.engine.dockerfile.plan.Plan}, computed before any step runs
 * ({@link dev.kiln.engine.cache.key.PlanKeys#compute}).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>A chain per stage.</b> The start key hashes the base (an image's manifest digest, {@code scratch} and
 *     the platform, or the base stage's exit key) with the salt; each step's key hashes the previous key, the
 *     salt and what the step means. Metadata steps are links of the chain too, so a changed {@code ENV}
 *     misses every step after it, and an unchanged prefix always hits (kaniko's and BuildKit's rule).</li>
 * <li><b>Meaning, not text.</b> Steps are keyed after expansion, with the stage's config simulated as the
 *     build applies it ({@code step.config}): a {@code RUN} by its argv parts, variables in scope, user,
 *     working directory, shell, flags and mounts; a {@code COPY}/{@code ADD} by its expanded request and the
 *     content and metadata of the files it reads. Line numbers, mtimes, secrets, cache-mount contents, proxy
 *     variables, host paths and the clock never enter a key.</li>
 * <li><b>Canonical bytes.</b> Keys are SHA-256 over a versioned ({@code kiln-cache-key v1}), typed and
 *     length-prefixed encoding ({@code KeyEncoder}); changing what goes in means a new version.</li>
 * <li><b>Unknown content stops hits.</b> A step whose result is known only when it runs ({@code ADD} of Git or
 *     of a URL without {@code --checksum}) makes itself and every later filesystem step of its stage, and of
 *     stages that build on it or read it, {@link dev.kiln.engine.cache.key.StepKey.Uncached}.</li>
 * <li><b>Read once.</b> Context files are hashed streaming, each at most once per computation.</li>
 * </ul>
 * The format is documented for users in {@code docs/CACHE.md}. This package depends on {@code cache},
 * {@code context}, {@code dockerfile}, {@code step.config}, {@code step.copy} (the request type), {@code oci},
 * {@code reference}, {@code fs} (extended attributes) and the JDK; nothing depends on it but the build.
 */
package dev.kiln.engine.cache.key;
