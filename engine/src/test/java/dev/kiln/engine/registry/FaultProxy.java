package dev.kiln.engine.registry;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A plain-HTTP proxy in front of a registry, written with Vert.x (HttpServer + HttpClient), that injects
 * faults into chosen exchanges: error statuses, resets and truncations mid-body, corrupted bytes, stalls,
 * redirects, and Link-header pagination the registry itself lacks. Every exchange is recorded.
 *
 * <p>Thread-safe (rules and records in concurrent lists). The registry builds its {@code Location} URLs from
 * the {@code Host} header, which the proxy passes on, so upload sessions keep going through the proxy.
 */
public final class FaultProxy implements AutoCloseable {

    /** What to do to a matching exchange. */
    sealed interface Fault {
    }

    /** Answer {@code status} without asking the registry, with {@code headers} and an error document. */
    record Status(int status, String code, Map<String, String> headers) implements Fault {
    }

    /** Forward, but close the connection after {@code bytes} bytes of the response body. */
    record CutAfter(long bytes) implements Fault {
    }

    /**
     * Forward without {@code Accept-Ranges}, then close the connection cleanly after {@code bytes} body bytes,
     * short of the {@code Content-Length}: a truncated body from a server that does not offer ranges.
     */
    record Truncate(long bytes) implements Fault {
    }

    /** Forward without the request's {@code Range} header: a server that ignores ranges and answers 200. */
    record IgnoreRange() implements Fault {
    }

    /** Forward, flipping the bits of the body byte at {@code offset}. */
    record Corrupt(long offset) implements Fault {
    }

    /** Wait {@code millis} before forwarding (a stall longer than the client's idle timeout). */
    record Stall(long millis) implements Fault {
    }

    /** Forward the body in pieces of {@code piece} bytes, {@code millis} apart (slow but alive). */
    record Dribble(int piece, long millis) implements Fault {
    }

    /** Answer 307 to {@code location}. */
    record Redirect(String location) implements Fault {
    }

    /** Close the connection before answering (the request body may be half read). */
    record Drop() implements Fault {
    }

    /** One recorded request, as it arrived. */
    public record Exchange(String method, String uri, MultiMap headers) {
    }

    private record Rule(String method, Pattern path, Fault fault, AtomicInteger skip, AtomicInteger remaining) {
    }

    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClient client;
    private final int upstreamPort;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile boolean paginateTags;

    private FaultProxy(Vertx vertx, int upstreamPort) {
        this.vertx = vertx;
        this.upstreamPort = upstreamPort;
        this.client = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** A proxy on a free port forwarding to {@code 127.0.0.1:upstreamPort}. */
    public static FaultProxy start(Vertx vertx, int upstreamPort) {
        FaultProxy p = new FaultProxy(vertx, upstreamPort);
        Await.result(p.server.listen(0, "127.0.0.1"));
        return p;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + server.actualPort();
    }

    /** Applies {@code fault} to the next {@code times} requests with {@code method} whose path matches. */
    FaultProxy inject(String method, String pathRegex, Fault fault, int times) {
        return inject(method, pathRegex, fault, 0, times);
    }

    /** As {@link #inject(String, String, Fault, int)}, letting the first {@code skip} matching requests pass. */
    FaultProxy inject(String method, String pathRegex, Fault fault, int skip, int times) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), fault, new AtomicInteger(skip), new AtomicInteger(times)));
        return this;
    }

    /** Serves tag lists one {@code n}-sized page at a time with {@code Link} headers, as the spec describes. */
    FaultProxy paginateTags() {
        paginateTags = true;
        return this;
    }

    /** Forgets rules and records. */
    public void reset() {
        rules.clear();
        exchanges.clear();
        paginateTags = false;
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** The recorded exchanges matching {@code method} and {@code pathRegex}. */
    public List<Exchange> exchanges(String method, String pathRegex) {
        Predicate<Exchange> p = e -> e.method().equals(method) && Pattern.compile(pathRegex).matcher(path(e.uri())).find();
        return exchanges.stream().filter(p).toList();
    }

    @Override
    public void close() {
        Await.result(server.close());
        Await.result(client.close());
    }

    private void handle(HttpServerRequest in) {
        in.pause();
        Fault fault = null;
        for (Rule r : rules) {
            if (r.method.equals(in.method().name()) && r.path.matcher(in.path()).find()) {
                if (r.skip.getAndDecrement() > 0) {
                    continue;
                }
                if (r.remaining.getAndDecrement() > 0) {
                    fault = r.fault;
                    break;
                }
            }
        }
        HttpServerResponse out = in.response();
        exchanges.add(new Exchange(in.method().name(), in.uri(), MultiMap.caseInsensitiveMultiMap().addAll(in.headers())));
        switch (fault) {
            case Status s -> {
                s.headers().forEach(out::putHeader);
                String body = "{\"errors\":[{\"code\":\"" + s.code() + "\",\"message\":\"injected\",\"detail\":null}]}";
                in.resume();
                in.end().onComplete(v -> out.setStatusCode(s.status()).putHeader("Content-Type", "application/json")
                        .end(body));
            }
            case Redirect r -> {
                in.resume();
                in.end().onComplete(v -> out.setStatusCode(307).putHeader("Location", r.location()).end());
            }
            case Drop d -> in.connection().close();
            case Stall s -> vertx.setTimer(s.millis(), t -> forward(in, out, null));
            case null -> {
                if (paginateTags && in.method().name().equals("GET") && TAGS.matcher(in.path()).matches()) {
                    paginate(in, out);
                } else {
                    forward(in, out, null);
                }
            }
            default -> forward(in, out, fault);
        }
    }

    private void forward(HttpServerRequest in, HttpServerResponse out, Fault fault) {
        RequestOptions options = new RequestOptions().setMethod(in.method())
                .setServer(SocketAddress.inetSocketAddress(upstreamPort, "127.0.0.1"))
                .setHost(in.authority().host()).setPort(in.authority().port()).setURI(in.uri());
        in.headers().forEach(h -> {
            boolean dropRange = fault instanceof IgnoreRange && h.getKey().equalsIgnoreCase("range");
            if (!h.getKey().equalsIgnoreCase("host") && !dropRange) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        client.request(options).compose(up -> up.send(in)).onComplete(ar -> {
            if (ar.failed()) {
                if (!out.ended()) {
                    out.setStatusCode(502).end();
                }
                return;
            }
            HttpClientResponse upstream = ar.result();
            out.setStatusCode(upstream.statusCode()).setStatusMessage(upstream.statusMessage());
            upstream.headers().forEach(h -> out.headers().add(h.getKey(), h.getValue()));
            if (fault instanceof Truncate) {
                out.headers().remove("Accept-Ranges");
            }
            relay(in, upstream, out, fault);
        });
    }

    /** Streams the upstream body out, applying a body fault on the way. */
    private void relay(HttpServerRequest in, HttpClientResponse upstream, HttpServerResponse out, Fault fault) {
        if (fault instanceof Dribble d) {
            upstream.body().onSuccess(body -> dribble(body, 0, d, out));
            return;
        }
        long[] sent = {0};
        upstream.handler(piece -> {
            Buffer b = piece;
            long start = sent[0];
            sent[0] += b.length();
            switch (fault) {
                case CutAfter c when sent[0] > c.bytes() -> {
                    int keep = (int) Math.max(0, c.bytes() - start);
                    if (keep > 0) {
                        out.write(b.slice(0, keep));
                    }
                    upstream.handler(null);
                    upstream.request().reset();
                    vertx.setTimer(50, t -> out.reset());
                    return;
                }
                case Truncate t when sent[0] > t.bytes() -> {
                    int keep = (int) Math.max(0, t.bytes() - start);
                    upstream.handler(null);
                    upstream.request().reset();
                    out.write(b.slice(0, keep)).onComplete(w -> vertx.setTimer(50, x -> in.connection().close()));
                    return;
                }
                case Corrupt c when c.offset() >= start && c.offset() < sent[0] -> {
                    b = b.copy();
                    int i = (int) (c.offset() - start);
                    b.setByte(i, (byte) ~b.getByte(i));
                }
                case null, default -> {
                }
            }
            out.write(b);
            if (out.writeQueueFull()) {
                upstream.pause();
                out.drainHandler(v -> upstream.resume());
            }
        });
        upstream.endHandler(v -> out.end());
        upstream.exceptionHandler(e -> out.reset());
    }

    private void dribble(Buffer b, int from, Dribble d, HttpServerResponse out) {
        if (from >= b.length()) {
            out.end();
            return;
        }
        int to = Math.min(b.length(), from + d.piece());
        out.write(b.slice(from, to));
        vertx.setTimer(d.millis(), t -> dribble(b, to, d, out));
    }

    /** Answers a tag list page from the registry's full list: {@code n} after {@code last}, sorted. */
    private void paginate(HttpServerRequest in, HttpServerResponse out) {
        int n = Integer.parseInt(in.getParam("n", "100"));
        String last = in.getParam("last");
        RequestOptions options = new RequestOptions().setServer(SocketAddress.inetSocketAddress(upstreamPort, "127.0.0.1"))
                .setHost(in.authority().host()).setPort(in.authority().port()).setURI(in.path());
        in.headers().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("host")) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        client.request(options).compose(r -> r.send()).compose(HttpClientResponse::body).onComplete(ar -> {
            List<String> all = ar.result().toJsonObject().getJsonArray("tags").stream().map(String::valueOf).sorted().toList();
            List<String> after = all.stream().filter(t -> last == null || t.compareTo(last) > 0).toList();
            List<String> page = after.subList(0, Math.min(n, after.size()));
            if (after.size() > n) {
                out.putHeader("Link", "<" + in.path() + "?last=" + page.get(page.size() - 1) + "&n=" + n + ">; rel=\"next\"");
            }
            out.putHeader("Content-Type", "application/json")
                    .end(new io.vertx.core.json.JsonObject().put("name", "x").put("tags", new io.vertx.core.json.JsonArray(page)).encode());
        });
    }

    private static String path(String uri) {
        return URI.create(uri).getPath();
    }

    /** Waits {@code millis}; for faults that need the first attempt to be over. */
    static Future<Void> pause(Vertx vertx, long millis) {
        return vertx.timer(millis, TimeUnit.MILLISECONDS).mapEmpty();
    }
}
