/**
 * {@code docker save} tarballs as a sink: {@link dev.kiln.engine.image.tarball.DockerArchive} writes images
 * so that {@code docker load} and skopeo's {@code docker-archive:FILE} read them (kaniko's
 * {@code --tar-path}).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>The classic layout</b> ({@code manifest.json}, {@code <hex>.json} config, {@code <hex>/layer.tar}
 *     uncompressed layers named by diff ID, {@code repositories}), which every loader since Docker 1.10 and
 *     containers/image accept; the newer OCI-in-tar layout of Docker 25 is not needed for loading.</li>
 * <li><b>Raw bytes.</b> The config is written as stored, so the loaded image has the same ID.</li>
 * <li><b>Atomic and verified.</b> A temp file next to the target, renamed when complete; layer contents
 *     are verified against their diff IDs while copied; a failure leaves nothing behind.</li>
 * <li><b>Deterministic.</b> Fixed modes, owners and times, so equal images give equal tarballs.</li>
 * </ul>
 * No reader yet: images are read back from OCI layouts or registries.
 */
package dev.kiln.engine.image.tarball;
