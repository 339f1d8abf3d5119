package dev.kiln.engine.image;

import dev.kiln.engine.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Passes bytes through while hashing them, and fails at the end of the stream when they do not match the
 * expected digest (and size, when known). Used wherever content comes from a source Kiln does not trust:
 * an OCI layout on disk, a registry, a cache directory another process can write.
 *
 * <p>Not thread-safe (a stream has one reader). Blocking like any {@link InputStream}: run it on a worker
 * or virtual thread, never on an event loop.
 *
 * <p>Behaviour:
 * <ul>
 *   <li>At end of stream: a {@link DigestMismatchException} naming the expected and actual digest, or an
 *       {@link InvalidImageException} when the byte count differs from the expected size. Both are
 *       unchecked, so they pass through wrappers such as {@code GZIPInputStream} unchanged.</li>
 *   <li>As soon as more bytes than the expected size arrive: {@link InvalidImageException}, so a hostile
 *       source cannot make the reader consume unbounded data.</li>
 *   <li>Closing before the end skips the check: the caller chose not to consume the content.</li>
 *   <li>{@code mark}/{@code reset} are unsupported (they would hash bytes twice); {@code skip} reads and
 *       hashes the skipped bytes.</li>
 * </ul>
 */
public final class VerifyingInputStream extends FilterInputStream {

    /** Size value meaning "unknown; check only the digest". */
    public static final long UNKNOWN_SIZE = -1;

    private final Digest expected;
    private final long expectedSize;
    private final String action;
    private final MessageDigest hasher;
    private long count;
    private boolean verified;

    /**
     * @param in           the untrusted content
     * @param expected     the digest the content must have
     * @param expectedSize its exact size in bytes, or {@link #UNKNOWN_SIZE}
     * @param action       names action and object for messages, e.g. {@code read blob sha256:... from OCI layout /x}
     */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String action) {
        super(Objects.requireNonNull(in, "in"));
        this.expected = Objects.requireNonNull(expected, "expected");
        this.expectedSize = expectedSize;
        this.action = Objects.requireNonNull(action, "action");
        this.hasher = expected.algorithm().newMessageDigest();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            verifyAtEnd();
        } else {
            hasher.update((byte) b);
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n < 0) {
            verifyAtEnd();
        } else if (n > 0) {
            hasher.update(buf, off, n);
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
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
        // unsupported: see class comment
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("reset not supported by a verifying stream");
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    private void counted(int n) {
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new InvalidImageException(action + ": size mismatch: expected " + expectedSize
                    + " bytes, got more");
        }
    }

    private void verifyAtEnd() {
        if (verified) {
            return;
        }
        verified = true;
        if (expectedSize >= 0 && count != expectedSize) {
            throw new InvalidImageException(action + ": size mismatch: expected " + expectedSize
                    + " bytes, got " + count);
        }
        Digest actual = Digest.fromBytes(expected.algorithm(), hasher.digest());
        if (!actual.equals(expected)) {
            throw new DigestMismatchException(action, expected, actual);
        }
    }
}
