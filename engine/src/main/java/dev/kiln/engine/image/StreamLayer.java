package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.RepositoryName;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * A layer whose digests are known up front and whose bytes come from an opener: a blob in a
 * {@link BlobSource}, a blob file, bytes in memory. Every stream it returns is verified against the known
 * digests, so it is safe over untrusted storage.
 *
 * <p>Immutable and thread-safe if the openers are.
 *
 * @param descriptor   the blob's descriptor (media type, digest, size, and any annotations or URLs)
 * @param diffId       digest of the uncompressed tar
 * @param compressed   opens the stored blob
 * @param uncompressed opens the uncompressed tar directly, or {@code null} to decompress the blob
 * @param where        names the storage for messages, e.g. {@code OCI layout /tmp/x}
 * @param origin       the registry repository the blob can be mounted from, or {@code null}
 */
record StreamLayer(Descriptor descriptor, Digest diffId, Opener compressed, Opener uncompressed, String where,
                   RepositoryName origin) implements Layer {

    /** Opens a stream; may throw {@link ImageException} as well as {@link IOException}. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    StreamLayer {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(compressed, "compressed");
        Objects.requireNonNull(where, "where");
    }

    /** A layer that is not known to be in any registry. */
    StreamLayer(Descriptor descriptor, Digest diffId, Opener compressed, Opener uncompressed, String where) {
        this(descriptor, diffId, compressed, uncompressed, where, null);
    }

    @Override
    public Optional<RepositoryName> mountableFrom() {
        return Optional.ofNullable(origin);
    }

    @Override
    public Digest digest() {
        return descriptor.digest();
    }

    @Override
    public long size() {
        return descriptor.size();
    }

    @Override
    public MediaType mediaType() {
        return descriptor.mediaType();
    }

    @Override
    public InputStream openCompressed() throws IOException {
        return new VerifyingInputStream(compressed.open(), digest(), size(),
                "read layer blob " + digest() + " from " + where);
    }

    @Override
    public InputStream openUncompressed() throws IOException {
        String action = "read uncompressed layer " + digest() + " (diff ID " + diffId + ") from " + where;
        if (uncompressed != null) {
            return new VerifyingInputStream(uncompressed.open(), diffId, VerifyingInputStream.UNKNOWN_SIZE, action);
        }
        InputStream blob = openCompressed();
        try {
            return new VerifyingInputStream(new DrainAtEnd(Codecs.decompress(blob), blob), diffId,
                    VerifyingInputStream.UNKNOWN_SIZE, action);
        } catch (IOException | RuntimeException e) {
            blob.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "layer " + digest() + " from " + where;
    }

    /**
     * At the end of the decompressed stream, reads what is left of the compressed one, so its own verifying
     * stream reaches its end and checks the blob digest too (decompressors stop at the end of the last
     * frame and never look further).
     */
    private static final class DrainAtEnd extends FilterInputStream {
        private final InputStream blob;

        DrainAtEnd(InputStream decompressed, InputStream blob) {
            super(decompressed);
            this.blob = blob;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                blob.transferTo(OutputStream.nullOutputStream());
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n < 0) {
                blob.transferTo(OutputStream.nullOutputStream());
            }
            return n;
        }
    }
}
