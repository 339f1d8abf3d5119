package dev.kiln.engine.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exchange against an in-process Vert.x server: bodies arrive whole with their length, slow but steady
 * transfers in either direction outlive the idle timeout, and a server that stops moving is abandoned.
 */
class HttpExchangeIT {

    private static final Duration IDLE = Duration.ofMillis(1500);
    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        // small socket buffers, so that what the client sees written is close to what the server read
        server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setReceiveBufferSize(64 * 1024))
                .requestHandler(req -> {
            switch (req.path()) {
                case "/slow-read" -> {
                    // reads the upload in small steps, a few seconds in all
                    long[] n = {0};
                    req.handler(b -> {
                        n[0] += b.length();
                        req.pause();
                        vertx.setTimer(20, t -> req.resume());
                    });
                    req.endHandler(v -> req.response().end("got " + n[0] + " " + req.getHeader("Content-Length")));
                }
                case "/never-read" -> req.pause();
                case "/slow-answer" -> {
                    req.response().setChunked(true);
                    dribble(req.response(), 8);
                }
                case "/silent" -> req.response().setChunked(true).write("a");
                default -> req.body().onSuccess(b -> req.response().end("echo " + b.length()));
            }
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setSendBufferSize(64 * 1024));
    }

    private static void dribble(io.vertx.core.http.HttpServerResponse response, int left) {
        if (left == 0) {
            response.end();
            return;
        }
        response.write("x".repeat(100));
        vertx.setTimer(400, t -> dribble(response, left - 1));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Future<String> exchange(HttpMethod method, String path, RequestBody body) {
        Transport t = new Transport(List.of(new HttpExchange(vertx, client, Duration.ofSeconds(5), IDLE)));
        RegistryRequest r = RegistryRequest.of(method, URI.create("http://127.0.0.1:" + server.actualPort() + path), "test")
                .withBody(body);
        return t.execute(r).compose(resp -> resp.body(1 << 20)).map(Buffer::toString);
    }

    @Test
    void bytesInMemoryGoInPiecesWithTheirLength() throws Exception {
        byte[] body = new byte[BodySources.PIECE_SIZE * 2 + 5];
        assertThat(await(exchange(HttpMethod.PUT, "/echo", RequestBody.of(body)))).isEqualTo("echo " + body.length);
    }

    @Test
    void aSlowlyReadUploadLongerThanTheIdleTimeoutSucceeds() throws Exception {
        byte[] body = new byte[1024 * 1024];
        RequestBody streamed = new RequestBody.Streamed(body.length, () -> Future.succeededFuture(
                BodySources.of(Buffer.buffer(body))));
        assertThat(await(exchange(HttpMethod.PATCH, "/slow-read", streamed))).isEqualTo("got " + body.length + " " + body.length);
    }

    @Test
    void aSlowButSteadyAnswerLongerThanTheIdleTimeoutSucceeds() throws Exception {
        assertThat(await(exchange(HttpMethod.GET, "/slow-answer", RequestBody.empty()))).hasSize(800);
    }

    @Test
    void aServerThatStopsReadingIsAbandoned() {
        byte[] body = new byte[32 * 1024 * 1024];
        var e = org.assertj.core.api.Assertions.catchThrowable(() -> await(exchange(HttpMethod.PUT, "/never-read",
                RequestBody.of(body))));
        assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class)
                .hasMessageStartingWith("no progress for 1500 ms on PUT http://127.0.0.1:");
        assertThat(Failures.isTransient(e.getCause())).isTrue();
    }

    @Test
    void anAnswerThatStopsIsAbandoned() {
        var e = org.assertj.core.api.Assertions.catchThrowable(() -> await(exchange(HttpMethod.GET, "/silent",
                RequestBody.empty())));
        assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
    }
}
