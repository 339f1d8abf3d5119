package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.RepositoryName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Factories for {@link Layer}s: from a stored blob, from a tar file (compressing it once), from tar bytes,
 * and with a different media type.
 *
 * <p>Stateless. The layers returned are immutable and thread-safe, and verify what they stream against the
 * digests computed or given here, so a blob changed on disk afterwards is detected, not shipped.
 */
public final class Layers {

    private static final Digest.Algorithm SHA256 = Digest.Algorithm.SHA256;

    /** Blob files are world-readable (before umask) so another process (a cache warmer) can share them. */
    private static final FileAttribute<Set<PosixFilePermission>> READABLE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private Layers() {
    }

    /**
     * A layer stored as a (compressed) blob file whose digests are already known, e.g. from a cache.
     *
     * @param blob       the blob file
     * @param descriptor its media type, digest and size
     * @param diffId     digest of its uncompressed tar
     */
    public static Layer fromBlobFile(Path blob, Descriptor descriptor, Digest diffId) {
        Objects.requireNonNull(blob, "blob");
        return new StreamLayer(descriptor, diffId, () -> openFile(blob, descriptor.digest()), null, "file " + blob);
    }

    /**
     * A layer built from an uncompressed tar file: hashes the tar (diff ID), compresses it once into
     * {@code blobDir/<hex>} (the digest's hex; written to a temp file in {@code blobDir} and renamed, so a
     * failure leaves nothing behind) and hashes the compressed bytes (digest). The blob is reused if it is
     * already there. With {@link LayerCompression#none()} nothing is written and the tar is the blob.
     *
     * <p>The media type is the OCI one for the compression; convert with {@link #withMediaType}. Blocking.
     *
     * @throws IOException when reading the tar or writing the blob fails
     */
    public static Layer fromTar(Path tar, LayerCompression compression, Path blobDir) throws IOException {
        Objects.requireNonNull(tar, "tar");
        Objects.requireNonNull(compression, "compression");
        if (compression.algorithm() == MediaType.Compression.NONE) {
            long size = Files.size(tar);
            Digest diffId = hashFile(tar);
            Descriptor d = Descriptor.of(MediaType.OCI_LAYER, diffId, size);
            return new StreamLayer(d, diffId, () -> openFile(tar, diffId), null, "tar " + tar);
        }
        Files.createDirectories(blobDir);
        Path tmp = Files.createTempFile(blobDir, ".layer-", ".tmp", READABLE);
        try {
            MessageDigest tarHash = SHA256.newMessageDigest();
            MessageDigest blobHash = SHA256.newMessageDigest();
            CountingOutputStream counter;
            try (InputStream in = Files.newInputStream(tar);
                 OutputStream file = Files.newOutputStream(tmp);
                 OutputStream blobSide = new DigestOutputStream(counter = new CountingOutputStream(file), blobHash);
                 OutputStream tarSide = new DigestOutputStream(Codecs.compress(blobSide, compression), tarHash)) {
                in.transferTo(tarSide);
            }
            Digest diffId = Digest.fromBytes(SHA256, tarHash.digest());
            Digest digest = Digest.fromBytes(SHA256, blobHash.digest());
            Path blob = blobDir.resolve(digest.encoded());
            if (Files.exists(blob)) {
                Files.delete(tmp);
            } else {
                Files.move(tmp, blob, StandardCopyOption.ATOMIC_MOVE);
            }
            Descriptor d = Descriptor.of(compression.ociMediaType(), digest, counter.count);
            return new StreamLayer(d, diffId, () -> openFile(blob, digest), () -> openFile(tar, diffId),
                    "tar " + tar);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * A layer built in memory from tar bytes: for tests and small generated layers (e.g. a single file).
     * The media type is the OCI one for the compression.
     */
    public static Layer fromTarBytes(byte[] tar, LayerCompression compression) {
        Objects.requireNonNull(tar, "tar");
        byte[] tarCopy = tar.clone();
        byte[] blob;
        if (compression.algorithm() == MediaType.Compression.NONE) {
            blob = tarCopy;
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream c = Codecs.compress(out, compression)) {
                c.write(tarCopy);
            } catch (IOException e) {
                throw new IllegalStateException("compress in memory", e);
            }
            blob = out.toByteArray();
        }
        Digest diffId = Digest.sha256(tarCopy);
        Descriptor d = Descriptor.of(compression.ociMediaType(), Digest.sha256(blob), blob.length);
        return new StreamLayer(d, diffId, () -> new ByteArrayInputStream(blob),
                () -> new ByteArrayInputStream(tarCopy), "memory");
    }

    /**
     * The same layer under another media type, e.g. OCI gzip to Docker gzip. The bytes do not change, so
     * the compression must stay the same.
     *
     * @throws InvalidImageException when {@code mediaType} is not a layer type or implies another compression
     */
    public static Layer withMediaType(Layer layer, MediaType mediaType) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(mediaType, "mediaType");
        if (layer.mediaType().equals(mediaType)) {
            return layer;
        }
        if (!mediaType.isLayer() || mediaType.compression() != layer.mediaType().compression()) {
            throw new InvalidImageException("change media type of layer " + layer.digest() + " from "
                    + layer.mediaType() + " to " + mediaType + ": "
                    + (mediaType.isLayer() ? "compression differs (" + layer.mediaType().compression() + " vs "
                    + mediaType.compression() + ")" : "not a layer media type"));
        }
        return new RetypedLayer(layer, mediaType);
    }

    private static InputStream openFile(Path file, Digest digest) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new ImageNotFoundException("read layer " + digest + " from file " + file + ": missing");
        }
    }

    private static Digest hashFile(Path file) throws IOException {
        MessageDigest md = SHA256.newMessageDigest();
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            in.transferTo(out);
        }
        return Digest.fromBytes(SHA256, md.digest());
    }

    /** Counts bytes on their way to the blob file, for the descriptor's size. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** A layer seen under another media type; everything else delegates. */
    private record RetypedLayer(Layer base, MediaType mediaType) implements Layer {
        @Override
        public Digest digest() {
            return base.digest();
        }

        @Override
        public Digest diffId() {
            return base.diffId();
        }

        @Override
        public long size() {
            return base.size();
        }

        @Override
        public InputStream openCompressed() throws IOException {
            return base.openCompressed();
        }

        @Override
        public InputStream openUncompressed() throws IOException {
            return base.openUncompressed();
        }

        @Override
        public Descriptor descriptor() {
            return base.descriptor().withMediaType(mediaType);
        }

        @Override
        public Optional<RepositoryName> mountableFrom() {
            return base.mountableFrom(); // same bytes, same digest: still mountable
        }
    }
}
