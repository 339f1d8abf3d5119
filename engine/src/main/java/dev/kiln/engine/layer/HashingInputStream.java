package dev.kiln.engine.layer;

import dev.kiln.engine.oci.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through from another stream while computing their digest and counting them, so a blob can
 * be verified while it streams into the extractor. Hashing can be switched off (then only counting).
 *
 * <p>Not thread-safe (one reader). {@code mark}/{@code reset} are not supported, since bytes read twice
 * would be hashed twice. Closing closes the source.
 */
public final class HashingInputStream extends FilterInputStream {

    private final Digest.Algorithm algorithm;
    private final MessageDigest md;
    private long count;

    /**
     * @param hash whether to compute the sha256 digest; if false only {@link #count()} is kept
     */
    public HashingInputStream(InputStream in, boolean hash) {
        super(in);
        this.algorithm = Digest.Algorithm.SHA256;
        this.md = hash ? algorithm.newMessageDigest() : null;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count++;
            if (md != null) {
                md.update((byte) b);
            }
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            if (md != null) {
                md.update(b, off, n);
            }
        }
        return n;
    }

    /** Skipping reads, so skipped bytes are hashed too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("reset is not supported on a hashing stream");
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** Reads and hashes everything left; returns the number of bytes drained. */
    public long drain() throws IOException {
        return skip(Long.MAX_VALUE);
    }

    /** The digest of everything read, or null if hashing is off; call once, at the end. */
    public Digest digest() {
        return md == null ? null : Digest.fromBytes(algorithm, md.digest());
    }
}
