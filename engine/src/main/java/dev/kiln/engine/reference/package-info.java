/**
 * Image references: the names of images and repositories on registries.
 *
 * <p>{@link dev.kiln.engine.reference.ImageReference} is {@code registry/repository[:tag][@digest]};
 * {@link dev.kiln.engine.reference.RepositoryName} is its {@code registry/repository} part. Both are
 * immutable records that are normalised on construction, so equal values name the same thing and
 * {@code toString()} parses back to an equal value.
 *
 * <p>Design: the grammar and the normalisation are Docker's, taken from distribution/reference
 * ({@code ParseNormalizedNamed} then {@code TagNameOnly};
 * https://github.com/distribution/reference), because kaniko, BuildKit and the Docker CLI all read names
 * that way and users expect {@code busybox} and {@code docker.io/library/busybox:latest} to be one image.
 * The grammar lives in one package-private class; each part (registry, path, tag, digest) is checked
 * separately so that an {@link dev.kiln.engine.reference.InvalidReferenceException} can say which part is
 * wrong, quoting the input.
 *
 * <p>Deliberate differences from distribution/reference, all rejecting input that Docker would accept:
 * <ul>
 *   <li>Digests must be {@code sha256} or {@code sha512} with their exact lengths
 *       ({@link dev.kiln.engine.oci.Digest}); go-digest also knows {@code sha384}.</li>
 *   <li>A first component that Docker takes for a domain (it contains {@code '.'}) but that is not a valid
 *       host, such as {@code foo_bar.com/app}, is an error; Docker's regular expression instead reads the
 *       whole name as a path on no registry at all, which it cannot pull from.</li>
 * </ul>
 *
 * <p>This package depends only on {@code dev.kiln.engine.oci} and the JDK.
 */
package dev.kiln.engine.reference;
