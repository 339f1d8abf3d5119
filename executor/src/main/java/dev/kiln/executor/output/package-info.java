/**
 * What the executor writes besides the image: kaniko's digest files ({@code --digest-file},
 * {@code --image-name-with-digest-file}, {@code --image-name-tag-with-digest-file}) and the
 * {@code $BUILDER_OUTPUT/images} record, byte for byte as kaniko writes them ({@code pkg/executor/push.go}), so
 * the CI steps and Kubernetes termination messages that read them keep working.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Formats are pure functions</b> of the digest and the destinations ({@link dev.kiln.executor.output.DigestFiles}),
 *     tested against kaniko's own expected bytes.</li>
 * <li><b>Writes are atomic where the target allows it</b> ({@link dev.kiln.executor.output.OutputFile}): a temp file
 *     beside the target, renamed over it, so a reader never sees half a digest. A target that cannot be replaced
 *     (a device, a FIFO, a bind-mounted file such as {@code /dev/termination-log}) is written in place, as kaniko
 *     does. Missing parent directories are created with mode 0700, the file gets 0644, both as in kaniko.</li>
 * <li><b>{@code https://} targets</b> are sent with one {@code PUT} (a pre-signed S3, GCS or Azure URL), as in
 *     kaniko; unlike kaniko a refusal fails the write, and the URL's query (the signature) never appears in
 *     messages.</li>
 * <li>Everything here blocks on files or HTTP: call it from the main thread or a worker, never an event loop.</li>
 * </ul>
 *
 * <p>Depends on the engine's {@code oci} and {@code reference} packages only; the command package calls it.
 */
package dev.kiln.executor.output;
