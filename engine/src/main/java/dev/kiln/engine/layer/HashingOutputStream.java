package dev.kiln.engine.layer;

import dev.kiln.engine.oci.Digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through to another stream while computing their digest and counting them: the tee that
 * gives a layer's diff ID and digest in the same pass that writes it.
 *
 * <p>Not thread-safe (one writer). Closing closes the target.
 */
public final class HashingOutputStream extends FilterOutputStream {

    private final Digest.Algorithm algorithm;
    private final MessageDigest md;
    private long count;

    /** Hashes with sha256. */
    public HashingOutputStream(OutputStream out) {
        this(out, Digest.Algorithm.SHA256);
    }

    public HashingOutputStream(OutputStream out, Digest.Algorithm algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.md = algorithm.newMessageDigest();
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        md.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        md.update(b, off, len);
        count += len;
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }

    /** The digest of everything written; call once, after the last write. */
    public Digest digest() {
        return Digest.fromBytes(algorithm, md.digest());
    }
}
