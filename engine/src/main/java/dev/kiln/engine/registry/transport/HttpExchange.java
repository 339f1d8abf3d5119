package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The last link of the chain: sends the request with a Vert.x {@link HttpClient} and answers with the
 * response head, its body paused.
 *
 * <p>Thread-safe and non-blocking. Redirects are never followed here ({@link RedirectInterceptor} decides
 * what a redirect may carry); {@code Content-Length} is sent with every body and every PUT, POST and PATCH,
 * because registries refuse chunked transfer encoding for uploads; responses are never decompressed (a gzip blob must arrive as stored). Bodies are written piece by
 * piece, the next piece read while the network takes the previous one. A {@link Watchdog} fails an exchange
 * that makes no progress in either direction for the idle timeout (a {@link TimeoutException}), which is how
 * hung servers become retryable errors while slow but steady transfers of any length go on.
 */
public final class HttpExchange implements Interceptor {

    /** Body bytes per write: the granularity at which upload progress is seen. */
    static final int PROGRESS_SLICE = 64 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration idleTimeout;

    /**
     * @param vertx          for the stall timers
     * @param client         a client configured for the registry's TLS settings
     * @param connectTimeout limit for establishing a connection
     * @param idleTimeout    limit for a stall while sending or receiving
     */
    public HttpExchange(Vertx vertx, HttpClient client, Duration connectTimeout, Duration idleTimeout) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    @Override
    public Future<RegistryResponse> intercept(Chain chain) {
        RegistryRequest request = chain.request();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(request.uri().toString())
                .setFollowRedirects(false)
                .setConnectTimeout(connectTimeout.toMillis());
        request.headers().forEach(options::putHeader);
        if (hasBody(request)) {
            options.putHeader("Content-Length", Long.toString(request.body().length()));
        }
        return client.request(options).compose(http -> {
            Watchdog watchdog = new Watchdog(vertx, idleTimeout, () -> http.reset(0, new TimeoutException(
                    "no progress for " + idleTimeout.toMillis() + " ms on " + request.describe())));
            return send(http, request, watchdog).recover(e -> Future.failedFuture(Failures.unwrapReset(e))).map(response -> {
                // Paused before anything else runs on this event loop, so no body data is lost while the
                // response travels up the chain.
                response.pause();
                watchdog.touch();
                return RegistryResponse.of(request, response, watchdog);
            }).onFailure(e -> watchdog.stop());
        });
    }

    private static boolean hasBody(RegistryRequest request) {
        HttpMethod m = request.method();
        return request.body().length() > 0 || m == HttpMethod.PUT || m == HttpMethod.POST || m == HttpMethod.PATCH;
    }

    private static Future<HttpClientResponse> send(HttpClientRequest http, RegistryRequest request, Watchdog watchdog) {
        return switch (request.body()) {
            case RequestBody.Empty e -> http.send();
            case RequestBody.Bytes b -> sendStreamed(http, () -> Future.succeededFuture(BodySources.of(b.bytes())), watchdog);
            case RequestBody.Streamed s -> sendStreamed(http, s.opener(), watchdog);
        };
    }

    private static Future<HttpClientResponse> sendStreamed(HttpClientRequest http, Supplier<Future<BodySource>> opener,
                                                           Watchdog watchdog) {
        Future<HttpClientResponse> response = http.response();
        Promise<Void> sent = Promise.promise();
        opener.get().onComplete(opened -> {
            if (opened.failed()) {
                sent.fail(opened.cause());
                return;
            }
            BodySource source = opened.result();
            sent.future().onComplete(ar -> source.close());
            pump(http, source, source.read(), sent, watchdog);
        });
        sent.future().onFailure(e -> {
            // A response may already have come (a server refusing early); otherwise this request is dead.
            if (!response.isComplete()) {
                http.reset(0, e);
            }
        });
        return response;
    }

    /**
     * Writes {@code next} and reads the piece after it while the network sends, waiting for the write queue
     * to drain when it is full; iterative through callbacks, so a long body does not build a deep stack.
     */
    private static void pump(HttpClientRequest http, BodySource source, Future<Buffer> next, Promise<Void> sent,
                             Watchdog watchdog) {
        next.onComplete(ar -> {
            if (ar.failed()) {
                sent.tryFail(ar.cause());
                return;
            }
            Buffer piece = ar.result();
            if (piece == null) {
                http.end().onComplete(end -> {
                    watchdog.touch();
                    if (end.succeeded()) {
                        sent.tryComplete();
                    } else {
                        sent.tryFail(end.cause());
                    }
                });
                return;
            }
            // Written in slices so that each one the network takes counts as progress for the watchdog.
            for (int from = 0; from < piece.length(); from += PROGRESS_SLICE) {
                http.write(piece.slice(from, Math.min(piece.length(), from + PROGRESS_SLICE))).onComplete(w -> {
                    if (w.succeeded()) {
                        watchdog.touch();
                    } else {
                        sent.tryFail(w.cause());
                    }
                });
            }
            Future<Buffer> following = source.read();
            if (http.writeQueueFull()) {
                http.drainHandler(v -> pump(http, source, following, sent, watchdog));
            } else {
                pump(http, source, following, sent, watchdog);
            }
        });
    }
}
