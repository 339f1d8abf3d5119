package dev.kiln.engine.image.remote;

import dev.kiln.engine.registry.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-HTTP proxy in front of a registry that makes its tags immutable the way Amazon ECR does: a manifest
 * PUT to a tag that already exists is answered {@code 400} with {@code TAG_INVALID} and ECR's message, and the
 * registry is not asked; everything else is forwarded. Written with Vert.x for the test only.
 *
 * <p>Thread-safe (a counter besides the Vert.x server and client). The {@code Host} header is passed on, so the
 * registry's upload URLs keep pointing at the proxy.
 */
final class ImmutableTagProxy implements AutoCloseable {

    private static final Pattern TAG_PUT = Pattern.compile("/v2/(.+)/manifests/([A-Za-z0-9_][A-Za-z0-9._-]*)");
    private static final String ACCEPT = String.join(", ", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final HttpServer server;
    private final HttpClient client;
    private final int upstreamPort;
    private final AtomicInteger refused = new AtomicInteger();

    private ImmutableTagProxy(Vertx vertx, int upstreamPort) {
        this.upstreamPort = upstreamPort;
        this.client = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    static ImmutableTagProxy start(Vertx vertx, int upstreamPort) {
        ImmutableTagProxy p = new ImmutableTagProxy(vertx, upstreamPort);
        Await.result(p.server.listen(0, "127.0.0.1"));
        return p;
    }

    String hostPort() {
        return "127.0.0.1:" + server.actualPort();
    }

    /** How many manifest PUTs were refused. */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        Await.result(server.close());
        Await.result(client.close());
    }

    private void handle(HttpServerRequest in) {
        in.pause();
        Matcher m = TAG_PUT.matcher(in.path());
        if (in.method() != HttpMethod.PUT || !m.matches() || m.group(2).contains(":")) {
            forward(in);
            return;
        }
        String repository = m.group(1);
        String tag = m.group(2);
        RequestOptions head = options(in, HttpMethod.HEAD, in.path()).putHeader("Accept", ACCEPT);
        client.request(head).compose(r -> r.send()).compose(r -> r.body().map(r.statusCode())).onComplete(ar -> {
            if (ar.succeeded() && ar.result() == 200) {
                refused.incrementAndGet();
                String body = "{\"errors\":[{\"code\":\"TAG_INVALID\",\"message\":\"The image tag '" + tag
                        + "' already exists in the '" + repository + "' repository and cannot be overwritten because"
                        + " the repository is immutable.\"}]}";
                in.resume();
                in.end().onComplete(v -> in.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end(body));
            } else {
                forward(in);
            }
        });
    }

    private RequestOptions options(HttpServerRequest in, HttpMethod method, String uri) {
        RequestOptions o = new RequestOptions().setMethod(method)
                .setServer(SocketAddress.inetSocketAddress(upstreamPort, "127.0.0.1"))
                .setHost(in.authority().host()).setPort(in.authority().port()).setURI(uri);
        in.headers().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("host") && !(method == HttpMethod.HEAD
                    && (h.getKey().equalsIgnoreCase("content-length") || h.getKey().equalsIgnoreCase("content-type")))) {
                o.addHeader(h.getKey(), h.getValue());
            }
        });
        return o;
    }

    private void forward(HttpServerRequest in) {
        client.request(options(in, in.method(), in.uri())).compose(up -> up.send(in)).onComplete(ar -> {
            if (ar.failed()) {
                in.response().setStatusCode(502).end();
                return;
            }
            HttpClientResponse up = ar.result();
            in.response().setStatusCode(up.statusCode()).setStatusMessage(up.statusMessage());
            up.headers().forEach(h -> in.response().headers().add(h.getKey(), h.getValue()));
            in.response().send(up);
        });
    }
}
