package dev.kiln.engine.registry;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-HTTP proxy in front of a token-auth registry that hands out pull-only tokens: it rewrites the realm of
 * the registry's {@code WWW-Authenticate} challenges to its own {@code /token}, and forwards token requests to
 * the real token server with every {@code repository:NAME:ACTIONS} scope cut down to {@code pull}. The
 * registry then refuses pushes as a registry does for a user with read access only.
 *
 * <p>Thread-safe (no state besides the Vert.x server and client). Written with Vert.x for the test only.
 */
final class ScopeCappingProxy implements AutoCloseable {

    private static final Pattern REALM = Pattern.compile("realm=\"([^\"]*)\"");

    private final HttpServer server;
    private final HttpClient client;
    private final int registryPort;
    private final URI tokenRealm;

    private ScopeCappingProxy(Vertx vertx, int registryPort, URI tokenRealm) {
        this.registryPort = registryPort;
        this.tokenRealm = tokenRealm;
        this.client = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** A proxy on a free port for the registry on {@code registryPort} whose token server is {@code tokenRealm}. */
    static ScopeCappingProxy start(Vertx vertx, int registryPort, URI tokenRealm) {
        ScopeCappingProxy p = new ScopeCappingProxy(vertx, registryPort, tokenRealm);
        Await.result(p.server.listen(0, "127.0.0.1"));
        return p;
    }

    /** {@code 127.0.0.1:PORT}. */
    String hostPort() {
        return "127.0.0.1:" + server.actualPort();
    }

    @Override
    public void close() {
        Await.result(server.close());
        Await.result(client.close());
    }

    private void handle(HttpServerRequest in) {
        in.pause();
        boolean token = in.path().equals("/token");
        RequestOptions options = new RequestOptions().setMethod(in.method());
        if (token) {
            options.setServer(SocketAddress.inetSocketAddress(tokenRealm.getPort(), tokenRealm.getHost()))
                    .setHost(tokenRealm.getHost()).setPort(tokenRealm.getPort())
                    .setURI(tokenRealm.getRawPath() + "?" + pullOnly(in.query()));
        } else {
            options.setServer(SocketAddress.inetSocketAddress(registryPort, "127.0.0.1"))
                    .setHost(in.authority().host()).setPort(in.authority().port()).setURI(in.uri());
        }
        in.headers().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("host")) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        client.request(options).compose(up -> up.send(in)).onComplete(ar -> {
            if (ar.failed()) {
                in.response().setStatusCode(502).end();
                return;
            }
            HttpClientResponse up = ar.result();
            in.response().setStatusCode(up.statusCode()).setStatusMessage(up.statusMessage());
            up.headers().forEach(h -> in.response().headers().add(h.getKey(),
                    h.getKey().equalsIgnoreCase("WWW-Authenticate") ? ownRealm(h.getValue()) : h.getValue()));
            in.response().send(up);
        });
    }

    private String ownRealm(String challenge) {
        Matcher m = REALM.matcher(challenge);
        return m.find() ? m.replaceFirst(Matcher.quoteReplacement("realm=\"http://" + hostPort() + "/token\""))
                : challenge;
    }

    /** The query with each repository scope's actions replaced by {@code pull}. */
    private static String pullOnly(String query) {
        List<String> out = new ArrayList<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("scope")) {
                String scope = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (scope.startsWith("repository:")) {
                    scope = scope.substring(0, scope.lastIndexOf(':')) + ":pull";
                }
                out.add("scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
            } else {
                out.add(pair);
            }
        }
        return String.join("&", out);
    }
}
