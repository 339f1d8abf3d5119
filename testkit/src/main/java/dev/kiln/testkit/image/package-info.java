/**
 * Base images for tests without internet: {@link dev.kiln.testkit.image.BaseImages} builds busybox images for
 * amd64 and arm64 ({@link dev.kiln.testkit.image.BusyboxBinaries} supplies the static binaries) as OCI layouts
 * once per JVM and pushes them as OCI manifest, Docker v2s2, OCI index or Docker manifest list; and a Debian
 * bookworm minbase image made with debootstrap from the machine's apt mirror.
 *
 * <p>Design: the images are made with the reference tools (umoci, skopeo, debootstrap), not with Kiln code, so
 * a Kiln bug cannot hide in its own fixtures. Expensive work is cached at two levels: the arm64 binary and the
 * Debian layout once per machine (file-locked, moved into place atomically), the busybox layouts once per JVM.
 * Depends on {@code process}, {@code json}, {@code registry} and {@code tool}.
 */
package dev.kiln.testkit.image;
