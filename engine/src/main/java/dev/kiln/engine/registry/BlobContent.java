package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.registry.transport.BodySources;
import dev.kiln.engine.registry.transport.RequestBody;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The bytes of a blob to upload, with its digest and size, readable again from any offset (an upload that
 * fails restarts, and chunks are ranges): bytes in memory, a file, or a blocking stream (a {@code Layer}'s
 * {@code openCompressed}) read on worker threads.
 *
 * <p>Immutable kinds. The content is not hashed on the way out: the registry checks the digest when the upload
 * is closed and refuses a mismatch ({@code DIGEST_INVALID}).
 */
public sealed interface BlobContent {

    /** The blob's digest. */
    Digest digest();

    /** The blob's size in bytes. */
    long size();

    /** The body for bytes {@code [offset, offset + length)}. */
    RequestBody body(Vertx vertx, long offset, long length);

    /** The blob {@code bytes} (copied), e.g. a config. */
    static BlobContent of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new InMemory(copy, Digest.sha256(copy));
    }

    /** The blob in {@code file}, whose digest and size the caller knows. */
    static BlobContent ofFile(Path file, Digest digest, long size) {
        return new InFile(file, digest, size);
    }

    /** A blob read from the blocking streams {@code opener} returns, one per attempt. */
    static BlobContent ofStream(Digest digest, long size, Callable<InputStream> opener) {
        return new FromStream(digest, size, opener);
    }

    /** Bytes in memory. */
    record InMemory(byte[] bytes, Digest digest) implements BlobContent {
        public InMemory {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public RequestBody body(Vertx vertx, long offset, long length) {
            check(this, offset, length);
            return RequestBody.of(Buffer.buffer(bytes).slice((int) offset, (int) (offset + length)));
        }
    }

    /** A file. */
    record InFile(Path file, Digest digest, long size) implements BlobContent {
        public InFile {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public RequestBody body(Vertx vertx, long offset, long length) {
            check(this, offset, length);
            return new RequestBody.Streamed(length, () -> BodySources.file(vertx, file, offset, length));
        }
    }

    /** A blocking stream, read on worker threads. */
    record FromStream(Digest digest, long size, Callable<InputStream> opener) implements BlobContent {
        public FromStream {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(opener, "opener");
        }

        @Override
        public RequestBody body(Vertx vertx, long offset, long length) {
            check(this, offset, length);
            return new RequestBody.Streamed(length, () -> BodySources.stream(vertx, opener, offset, length));
        }
    }

    private static void check(BlobContent c, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > c.size()) {
            throw new IllegalArgumentException("blob " + c.digest() + ": range " + offset + "+" + length
                    + " outside its " + c.size() + " bytes");
        }
    }
}
