package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The status, headers and (not yet read) body of a registry response.
 *
 * <p>Not thread-safe; owned by one caller at a time. The body arrives paused and must be consumed exactly
 * once, by {@link #body(long)}, {@link #pipeTo(WriteStream)} or {@link #discard()}, or the connection is not
 * given back to the pool. Interceptors that drop a response (a retry, a redirect, a 401) discard it first.
 * Responses made with {@link #of} (synthetic answers, tests) hold their body in memory.
 */
public final class RegistryResponse {

    /** Bodies up to this size are drained when discarded, so the connection can be reused; larger ones reset it. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private final RegistryRequest request;
    private final int status;
    private final String statusMessage;
    private final MultiMap headers;
    private final Body body;
    private final AtomicBoolean consumed = new AtomicBoolean();

    private RegistryResponse(RegistryRequest request, int status, String statusMessage, MultiMap headers, Body body) {
        this.request = Objects.requireNonNull(request, "request");
        this.status = status;
        this.statusMessage = statusMessage == null ? "" : statusMessage;
        this.headers = headers;
        this.body = body;
    }

    /** Wraps a paused Vert.x response to {@code request}; {@code watchdog} is fed while the body streams. */
    static RegistryResponse of(RegistryRequest request, HttpClientResponse response, Watchdog watchdog) {
        return new RegistryResponse(request, response.statusCode(), response.statusMessage(), response.headers(),
                new HttpBody(request, response, watchdog));
    }

    /** A response held in memory, e.g. a synthetic answer or a test double. */
    public static RegistryResponse of(RegistryRequest request, int status, String statusMessage, MultiMap headers,
                                      Buffer body) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        if (headers != null) {
            copy.addAll(headers);
        }
        return new RegistryResponse(request, status, statusMessage, copy, new MemoryBody(body == null ? Buffer.buffer() : body));
    }

    /** The request this answers (after redirects, the last one sent). */
    public RegistryRequest request() {
        return request;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The reason phrase, e.g. {@code Payload Too Large}; may be empty. */
    public String statusMessage() {
        return statusMessage;
    }

    /** {@code 413 Payload Too Large}. */
    public String statusLine() {
        return statusMessage.isEmpty() ? Integer.toString(status) : status + " " + statusMessage;
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** All values of header {@code name}. */
    public List<String> headers(String name) {
        return headers.getAll(name);
    }

    /** The {@code Content-Length}, or -1 when absent or malformed. */
    public long contentLength() {
        String v = headers.get("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Reads the whole body, failing (and closing the connection) as soon as it exceeds {@code maxBytes}: a
     * manifest or error document is small, and a hostile server must not fill the memory.
     */
    public Future<Buffer> body(long maxBytes) {
        if (!consumed.compareAndSet(false, true)) {
            return Future.failedFuture(new IllegalStateException("response body of " + request.describe()
                    + " already consumed"));
        }
        return body.all(maxBytes);
    }

    /** Reads and drops a small body, or closes the connection under a large or unknown one. */
    public Future<Void> discard() {
        if (!consumed.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        boolean noBody = request.method() == HttpMethod.HEAD || status == 204 || status == 304;
        long length = contentLength();
        return body.discard(noBody || (length >= 0 && length <= DRAIN_LIMIT));
    }

    /**
     * Streams the body into {@code destination} with backpressure; {@code destination} is not ended, so the
     * caller can append a resumed download to it. Fails when the connection fails mid-body.
     */
    public Future<Void> pipeTo(WriteStream<Buffer> destination) {
        if (!consumed.compareAndSet(false, true)) {
            return Future.failedFuture(new IllegalStateException("response body of " + request.describe()
                    + " already consumed"));
        }
        return body.pipeTo(destination);
    }

    /**
     * Closes the connection under the body, whatever state it is in: for a caller that stops reading (its
     * destination failed) and must not leave a paused response holding the connection.
     */
    public void abort() {
        consumed.set(true);
        body.abort();
    }

    @Override
    public String toString() {
        return statusLine() + " for " + request.describe();
    }

    private interface Body {
        void abort();

        Future<Buffer> all(long maxBytes);

        Future<Void> discard(boolean drain);

        Future<Void> pipeTo(WriteStream<Buffer> destination);
    }

    /** A body on the wire: every piece feeds the watchdog, the end (or a failure) stops it. */
    private record HttpBody(RegistryRequest request, HttpClientResponse response, Watchdog watchdog) implements Body {
        @Override
        public void abort() {
            watchdog.stop();
            response.request().reset();
        }

        @Override
        public Future<Buffer> all(long maxBytes) {
            String declared = response.getHeader("Content-Length");
            if (declared != null && declared.strip().matches("\\d{1,18}") && Long.parseLong(declared.strip()) > maxBytes) {
                abort();
                return Future.failedFuture(new BodyTooLargeException(request, maxBytes));
            }
            Promise<Buffer> promise = Promise.promise();
            Buffer all = Buffer.buffer();
            response.handler(piece -> {
                watchdog.touch();
                if (all.length() + (long) piece.length() > maxBytes) {
                    if (promise.tryFail(new BodyTooLargeException(request, maxBytes))) {
                        abort();
                    }
                } else {
                    all.appendBuffer(piece);
                }
            });
            watched(promise);
            response.endHandler(v -> promise.tryComplete(all));
            response.resume();
            return promise.future();
        }

        @Override
        public Future<Void> discard(boolean drain) {
            if (!drain) {
                abort();
                return Future.succeededFuture();
            }
            Promise<Void> promise = Promise.promise();
            response.handler(piece -> watchdog.touch());
            response.exceptionHandler(e -> promise.tryComplete());
            response.endHandler(v -> promise.tryComplete());
            promise.future().onComplete(ar -> watchdog.stop());
            response.resume();
            return promise.future();
        }

        @Override
        public Future<Void> pipeTo(WriteStream<Buffer> destination) {
            Promise<Void> promise = Promise.promise();
            response.handler(piece -> {
                watchdog.touch();
                destination.write(piece).onFailure(promise::tryFail);
                if (destination.writeQueueFull()) {
                    response.pause();
                    destination.drainHandler(v -> response.resume());
                }
            });
            watched(promise);
            response.endHandler(v -> promise.tryComplete());
            response.resume();
            return promise.future();
        }

        /** Fails {@code promise} on a stream error and stops the watchdog when it completes either way. */
        private <T> Promise<T> watched(Promise<T> promise) {
            response.exceptionHandler(e -> promise.tryFail(Failures.unwrapReset(e)));
            promise.future().onComplete(ar -> watchdog.stop());
            return promise;
        }
    }

    private record MemoryBody(Buffer bytes) implements Body {
        @Override
        public void abort() {
            // nothing holds a connection
        }

        @Override
        public Future<Buffer> all(long maxBytes) {
            return bytes.length() > maxBytes ? Future.failedFuture(new IllegalStateException(
                    "in-memory response body exceeds " + maxBytes + " bytes")) : Future.succeededFuture(bytes);
        }

        @Override
        public Future<Void> discard(boolean drain) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> pipeTo(WriteStream<Buffer> destination) {
            return bytes.length() == 0 ? Future.succeededFuture() : destination.write(bytes);
        }
    }

    /** A body larger than its caller accepts; the connection was closed. */
    public static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(RegistryRequest request, long maxBytes) {
            super("response to " + request.describe() + " exceeds " + maxBytes + " bytes");
        }
    }
}
