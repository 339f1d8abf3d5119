package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a request sends: nothing, bytes in memory, or a stream of known length.
 *
 * <p>Immutable, and every kind can be sent again from the start, because a request may be repeated after a
 * 401, a redirect or a transient failure: a {@link Streamed} body holds a way to open its source, not an open
 * source.
 */
public sealed interface RequestBody {

    /** The exact number of bytes sent, for {@code Content-Length}. */
    long length();

    /** No body. */
    record Empty() implements RequestBody {
        @Override
        public long length() {
            return 0;
        }
    }

    /** Bytes in memory (manifests, small blobs). The buffer must not be changed afterwards. */
    record Bytes(Buffer bytes) implements RequestBody {
        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long length() {
            return bytes.length();
        }
    }

    /**
     * {@code length} bytes from a source opened afresh for every attempt.
     *
     * @param length exact size; a source that ends early or goes on fails the request
     * @param opener opens the source at its first byte
     */
    record Streamed(long length, Supplier<Future<BodySource>> opener) implements RequestBody {
        public Streamed {
            Objects.requireNonNull(opener, "opener");
            if (length < 0) {
                throw new IllegalArgumentException("streamed body: negative length " + length);
            }
        }
    }

    /** The empty body. */
    static RequestBody empty() {
        return new Empty();
    }

    /** A body of {@code bytes} (not copied). */
    static RequestBody of(Buffer bytes) {
        return new Bytes(bytes);
    }

    /** A body of {@code bytes} (not copied). */
    static RequestBody of(byte[] bytes) {
        return new Bytes(Buffer.buffer(bytes));
    }
}
