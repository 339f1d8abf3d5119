/**
 * Wrappers over the container tools the tests compare Kiln with: {@link dev.kiln.testkit.tool.Skopeo} (copy,
 * inspect), {@link dev.kiln.testkit.tool.Umoci} (OCI layouts), {@link dev.kiln.testkit.tool.Buildah} (the
 * reference builder, private vfs store) and {@link dev.kiln.testkit.tool.Runc} (run an image and capture its
 * output).
 *
 * <p>Design: each wrapper is a thin, typed layer over the CLI through {@link dev.kiln.testkit.process.Command},
 * so failures carry the command line and stderr. Registry access is derived from a
 * {@link dev.kiln.testkit.registry.RegistryServer} (CA dir or plain HTTP, and its auth file), never typed by
 * callers and never with a password on the command line. Depends on {@code process}, {@code json} and
 * {@code registry}; nothing in those depends back on it.
 */
package dev.kiln.testkit.tool;
