package dev.kiln.testkit.image;

import java.util.Objects;

/**
 * An image the harness pushed: where it is, the digest of its manifest (or index), and the media type of that
 * manifest.
 *
 * <p>Immutable.
 *
 * @param reference {@code HOST:PORT/REPO:TAG}
 * @param digest    {@code sha256:...} of the pushed manifest or index
 * @param mediaType the manifest's media type, see {@link dev.kiln.testkit.registry.MediaTypes}
 */
public record PushedImage(String reference, String digest, String mediaType) {

    public PushedImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    /** {@code HOST:PORT/REPO@sha256:...}: the same image pinned by digest. */
    public String byDigest() {
        int colon = reference.lastIndexOf(':');
        int slash = reference.lastIndexOf('/');
        String repo = colon > slash ? reference.substring(0, colon) : reference;
        return repo + "@" + digest;
    }
}
