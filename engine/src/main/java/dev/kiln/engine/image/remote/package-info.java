/**
 * The registry backend of the {@code image} package, after go-containerregistry's {@code remote}: a source
 * ({@link dev.kiln.engine.image.remote.RemoteImages} over a {@link dev.kiln.engine.image.remote.RemoteBlobSource})
 * and a sink ({@link dev.kiln.engine.image.remote.ImagePusher}).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Partial cores.</b> The source implements only {@link dev.kiln.engine.image.BlobSource}; images and
 *     indexes are {@link dev.kiln.engine.image.Partial} views over it, so parsing, verification and layer
 *     lookup are the same as for every other backend.</li>
 * <li><b>Async outside, blocking inside.</b> Everything that can be done up front is done with Vert.x futures on
 *     the event loop (manifests through mirrors, platform resolution, config, and for
 *     {@link dev.kiln.engine.image.remote.RemoteImages#pull} every layer, downloaded in parallel and verified);
 *     the views' accessors and layer streams are blocking, as in the {@code image} package, and
 *     {@link dev.kiln.engine.image.remote.RemoteBlobSource#open} refuses to run on an event loop.</li>
 * <li><b>Cache files only once verified.</b> Downloaded layers go to {@code cacheDir/blobs/<alg>/<hex>} through
 *     a temp file that is moved into place after its digest matched.</li>
 * <li><b>Pushes share work.</b> One upload per blob and repository per push, bounded parallelism, destinations
 *     on the same registry mount from the first one, manifests after their blobs, index children by digest.
 *     Layers read from a repository (the source's {@code mountableFrom}) are mounted from it when pushed to
 *     another repository of its registry: never downloaded, never uploaded.</li>
 * <li><b>Push outcomes are judged from typed errors.</b> {@link dev.kiln.engine.image.remote.ImmutableTagErrors}
 *     recognises a registry's "tag is immutable" answer in the error documents of a
 *     {@link dev.kiln.engine.registry.RegistryHttpException}, never in free text Kiln wrote itself.</li>
 * </ul>
 *
 * <p>Depends on {@code image}, {@code oci}, {@code reference} and {@code registry}; nothing depends on it but
 * callers.
 */
package dev.kiln.engine.image.remote;
