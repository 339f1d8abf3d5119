package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * The last link of the chain: sends the request with a Vert.x {@link HttpClient} and answers with the
 * response head, its body paused.
 *
 * <p>Thread-safe and non-blocking. Redirects are never followed here ({@link RedirectInterceptor} decides
 * what a redirect may carry); {@code Content-Length} is always sent, because registries refuse chunked
 * uploads; responses are never decompressed (a gzip blob must arrive as stored). A streamed body is written
 * piece by piece, the next piece read only after the network took the previous one. The idle timeout fails a
 * request or response that stalls for that long, which is how slow or hung servers become retryable errors.
 */
public final class HttpExchange implements Interceptor {

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration idleTimeout;

    /**
     * @param client         a client configured for the registry's TLS settings
     * @param connectTimeout limit for establishing a connection
     * @param idleTimeout    limit for a stall while sending or receiving
     */
    public HttpExchange(HttpClient client, Duration connectTimeout, Duration idleTimeout) {
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
                .setConnectTimeout(connectTimeout.toMillis())
                .setIdleTimeout(idleTimeout.toMillis());
        request.headers().forEach(options::putHeader);
        if (hasBody(request)) {
            options.putHeader("Content-Length", Long.toString(request.body().length()));
        }
        return client.request(options).compose(http -> send(http, request)).map(response -> {
            // Paused before anything else runs on this event loop, so no body data is lost while the
            // response travels up the chain.
            response.pause();
            return RegistryResponse.of(request, response);
        });
    }

    private static boolean hasBody(RegistryRequest request) {
        HttpMethod m = request.method();
        return request.body().length() > 0 || m == HttpMethod.PUT || m == HttpMethod.POST || m == HttpMethod.PATCH;
    }

    private static Future<HttpClientResponse> send(HttpClientRequest http, RegistryRequest request) {
        return switch (request.body()) {
            case RequestBody.Empty e -> http.send();
            case RequestBody.Bytes b -> http.send(b.bytes());
            case RequestBody.Streamed s -> sendStreamed(http, s);
        };
    }

    private static Future<HttpClientResponse> sendStreamed(HttpClientRequest http, RequestBody.Streamed body) {
        Future<HttpClientResponse> response = http.response();
        Promise<Void> sent = Promise.promise();
        body.opener().get().onComplete(opened -> {
            if (opened.failed()) {
                sent.fail(opened.cause());
                return;
            }
            BodySource source = opened.result();
            sent.future().onComplete(ar -> source.close());
            pump(http, source, source.read(), sent);
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
    private static void pump(HttpClientRequest http, BodySource source, Future<Buffer> next, Promise<Void> sent) {
        next.onComplete(ar -> {
            if (ar.failed()) {
                sent.tryFail(ar.cause());
                return;
            }
            Buffer piece = ar.result();
            if (piece == null) {
                http.end().onComplete(end -> {
                    if (end.succeeded()) {
                        sent.tryComplete();
                    } else {
                        sent.tryFail(end.cause());
                    }
                });
                return;
            }
            http.write(piece).onFailure(sent::tryFail);
            Future<Buffer> following = source.read();
            if (http.writeQueueFull()) {
                http.drainHandler(v -> pump(http, source, following, sent));
            } else {
                pump(http, source, following, sent);
            }
        });
    }
}
