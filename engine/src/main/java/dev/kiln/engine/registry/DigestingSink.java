package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Digest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;

/**
 * A write stream into a file that hashes and counts what passes, and refuses anything beyond the expected
 * size, so a hostile or broken server cannot fill the disk.
 *
 * <p>Not thread-safe: written from one event loop. {@link #end()} does not close the file, because a resumed
 * download appends to it.
 */
final class DigestingSink implements WriteStream<Buffer> {

    private final AsyncFile file;
    private final Digest.Algorithm algorithm;
    private final long limit;
    private MessageDigest hasher;
    private long count;
    private boolean overflowed;
    private Throwable writeFailure;

    DigestingSink(AsyncFile file, Digest.Algorithm algorithm, long limit) {
        this.file = file;
        this.algorithm = algorithm;
        this.limit = limit;
        this.hasher = algorithm.newMessageDigest();
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (count + data.length() > limit) {
            overflowed = true;
            return Future.failedFuture(new IllegalStateException("more than " + limit + " bytes"));
        }
        hasher.update(data.getBytes());
        count += data.length();
        return file.write(data).onFailure(e -> writeFailure = e);
    }

    @Override
    public Future<Void> end() {
        return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        file.exceptionHandler(handler);
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        file.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return file.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        file.drainHandler(handler);
        return this;
    }

    /** Bytes accepted so far. */
    long count() {
        return count;
    }

    /** Whether a write was refused for exceeding the size. */
    boolean overflowed() {
        return overflowed;
    }

    /** Why writing the file failed (disk full, I/O error), or null: a local failure, not the network's. */
    Throwable writeFailure() {
        return writeFailure;
    }

    /** The digest of the bytes accepted so far; call once, at the end. */
    Digest digest() {
        return Digest.fromBytes(algorithm, hasher.digest());
    }

    /** Forgets everything, for a download that starts over. */
    void reset() {
        hasher = algorithm.newMessageDigest();
        count = 0;
        overflowed = false;
        writeFailure = null;
    }
}
