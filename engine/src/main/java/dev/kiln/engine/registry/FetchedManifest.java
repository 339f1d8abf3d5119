package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.IndexManifest;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest or index as a registry served it: the exact bytes (their digest is the image's identity), the
 * media type, and where it came from (after mirrors and maps, the repository that actually answered, which
 * is where its blobs must be pulled from).
 *
 * <p>Immutable: the bytes are copied in and out.
 *
 * @param repository the repository it was fetched from
 * @param reference  the tag or digest it was asked for
 * @param mediaType  an image manifest or index type (never schema 1)
 * @param digest     sha256 of {@code raw} (or the algorithm of the digest asked for), verified
 * @param raw        the bytes as served
 */
public record FetchedManifest(RepositoryName repository, String reference, MediaType mediaType, Digest digest,
                              byte[] raw) {

    public FetchedManifest {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** Size of {@link #raw()}. */
    public long size() {
        return raw.length;
    }

    /** Media type, digest and size of the bytes. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, raw.length);
    }

    /** Whether this is an image index or Docker manifest list. */
    public boolean isIndex() {
        return mediaType.isIndex();
    }

    /** The same image pinned by digest in the repository it came from. */
    public ImageReference pinned() {
        return new ImageReference(repository.registry(), repository.path(), null, digest);
    }

    /**
     * Parses the bytes as an image manifest.
     *
     * @throws dev.kiln.engine.oci.MalformedContentException when they are not one
     */
    public Manifest manifest() {
        return Manifest.parse(raw);
    }

    /**
     * Parses the bytes as an index.
     *
     * @throws dev.kiln.engine.oci.MalformedContentException when they are not one
     */
    public IndexManifest index() {
        return IndexManifest.parse(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FetchedManifest f && repository.equals(f.repository) && reference.equals(f.reference)
                && mediaType.equals(f.mediaType) && digest.equals(f.digest) && Arrays.equals(raw, f.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repository, reference, mediaType, digest, Arrays.hashCode(raw));
    }

    @Override
    public String toString() {
        return "FetchedManifest[" + repository + "@" + digest + ", " + mediaType + ", " + raw.length + " bytes]";
    }
}
