/**
 * The registry client: the OCI distribution protocol
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md) on Vert.x, non-blocking.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Facade and handles.</b> {@link dev.kiln.engine.registry.RegistryClient} (one per build) owns what is
 *     shared: a transport per registry and security setting, blob locations for mounts, in-flight uploads,
 *     and the {@link dev.kiln.engine.registry.Throttle} bounding parallel transfers.
 *     {@link dev.kiln.engine.registry.RemoteRepository} is a cheap handle on one repository for pull or push
 *     ({@link dev.kiln.engine.registry.Access}), which selects flags, retry count and token scope.</li>
 * <li><b>One class per endpoint</b>, after Jib: each package-private {@code *Endpoint} record says method, URL,
 *     headers, body, the statuses it handles and how, and the action named in errors. Everything else becomes
 *     a typed {@link dev.kiln.engine.registry.RegistryHttpException} built from the registry's error document
 *     ({@link dev.kiln.engine.registry.RegistryError}, {@link dev.kiln.engine.registry.RegistryErrorCode}).</li>
 * <li><b>Verified transfers.</b> Manifests are checked against the digest asked for (or
 *     {@code Docker-Content-Digest}); blobs stream through a hash into a temp file that becomes the target only
 *     when size and digest match, resuming interrupted bodies with {@code Range}
 *     ({@code BlobDownloader}). A mismatch fails with both digests and leaves no file.</li>
 * <li><b>Uploads</b> ({@code BlobUploader}): HEAD to skip, mount when another repository of the registry is known
 *     to hold the blob, one PUT for small blobs, PATCH chunks for large ones; a failed body restarts the upload
 *     rather than repeating a non-idempotent request. Concurrent uploads of one blob to one repository share
 *     one future.</li>
 * <li><b>Push permission</b> ({@link dev.kiln.engine.registry.PushPermission}): kaniko's pre-build check, an
 *     upload session opened with a push token and cancelled at once.</li>
 * <li><b>Options</b> ({@link dev.kiln.engine.registry.RegistryOptions}) mirror kaniko's flags; mirrors and maps
 *     are resolved by the pure {@link dev.kiln.engine.registry.PullSources}.</li>
 * <li><b>Errors</b> are unchecked, name action, object and repository, and never carry secrets: every foreign
 *     text goes through {@link dev.kiln.engine.registry.transport.Redaction}.</li>
 * </ul>
 *
 * <p>Depends on {@code registry.transport}, {@code registry.auth}, {@code reference}, {@code oci} and, for its
 * verification exceptions and size limits, {@code image}. The {@code image.remote} package builds image views and
 * pushes on top of it.
 */
package dev.kiln.engine.registry;
