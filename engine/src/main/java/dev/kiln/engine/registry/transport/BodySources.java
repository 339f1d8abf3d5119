package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The {@link BodySource}s request bodies are made of: a buffer, a byte range of a file read through
 * {@link AsyncFile}, and a byte range of a blocking {@link InputStream} read on Vert.x worker threads.
 *
 * <p>Stateless factory; each source it returns is single-use and not thread-safe (see {@link BodySource}).
 * Sources check their length: a file or stream that ends before {@code length} bytes fails the read with an
 * {@link EOFException}, because a short body would otherwise be sent as a truncated upload.
 */
public final class BodySources {

    /** Bytes read per piece: large enough to amortise worker hand-offs, small enough to bound memory. */
    public static final int PIECE_SIZE = 1024 * 1024;

    private BodySources() {
    }

    /** The whole of {@code buffer}, in pieces of at most {@link #PIECE_SIZE} (slices, not copies). */
    public static BodySource of(Buffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        return new BodySource() {
            private int position;

            @Override
            public Future<Buffer> read() {
                if (position >= buffer.length()) {
                    return Future.succeededFuture(null);
                }
                int end = (int) Math.min(buffer.length(), (long) position + PIECE_SIZE);
                Buffer piece = buffer.slice(position, end);
                position = end;
                return Future.succeededFuture(piece);
            }

            @Override
            public Future<Void> close() {
                return Future.succeededFuture();
            }
        };
    }

    /** Opens bytes {@code [offset, offset + length)} of {@code file}. */
    public static Future<BodySource> file(Vertx vertx, Path file, long offset, long length) {
        return vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false))
                .map(f -> new FileSource(f, offset, length, file));
    }

    /**
     * Opens bytes {@code [offset, offset + length)} of the stream {@code opener} returns; opening, skipping
     * and reading run on worker threads.
     */
    public static Future<BodySource> stream(Vertx vertx, Callable<InputStream> opener, long offset, long length) {
        return vertx.executeBlocking(() -> {
            InputStream in = opener.call();
            try {
                in.skipNBytes(offset);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            return (BodySource) new StreamSource(vertx, in, length);
        }, false);
    }

    private static final class FileSource implements BodySource {
        private final AsyncFile file;
        private final Path path;
        private long position;
        private long remaining;

        FileSource(AsyncFile file, long offset, long length, Path path) {
            this.file = file;
            this.position = offset;
            this.remaining = length;
            this.path = path;
        }

        @Override
        public Future<Buffer> read() {
            if (remaining == 0) {
                return Future.succeededFuture(null);
            }
            int n = (int) Math.min(PIECE_SIZE, remaining);
            return file.read(Buffer.buffer(n), 0, position, n).compose(b -> {
                if (b.length() == 0) {
                    return Future.failedFuture(new EOFException("read " + path + ": ends " + remaining
                            + " bytes early at offset " + position));
                }
                position += b.length();
                remaining -= b.length();
                return Future.succeededFuture(b);
            });
        }

        @Override
        public Future<Void> close() {
            return file.close().recover(e -> Future.succeededFuture());
        }
    }

    private static final class StreamSource implements BodySource {
        private final Vertx vertx;
        private final InputStream in;
        private long remaining;

        StreamSource(Vertx vertx, InputStream in, long length) {
            this.vertx = vertx;
            this.in = in;
            this.remaining = length;
        }

        @Override
        public Future<Buffer> read() {
            if (remaining == 0) {
                return Future.succeededFuture(null);
            }
            int n = (int) Math.min(PIECE_SIZE, remaining);
            return vertx.executeBlocking(() -> {
                byte[] bytes = in.readNBytes(n);
                if (bytes.length < n) {
                    throw new EOFException("read stream: ends " + (remaining - bytes.length) + " bytes early");
                }
                remaining -= n;
                return Buffer.buffer(bytes);
            }, false);
        }

        @Override
        public Future<Void> close() {
            return vertx.executeBlocking(() -> {
                in.close();
                return (Void) null;
            }, false).recover(e -> Future.succeededFuture());
        }
    }
}
