package dev.kiln.engine.registry;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the object storage a registry redirects blob downloads to (S3 with pre-signed URLs): serves
 * bytes by path to anyone holding the URL, and records the headers of every request so tests can check that
 * no registry credential reached it.
 */
final class StorageServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Buffer> objects = new ConcurrentHashMap<>();
    private final List<MultiMap> requests = new CopyOnWriteArrayList<>();

    private StorageServer(Vertx vertx) {
        server = vertx.createHttpServer().requestHandler(req -> {
            requests.add(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
            Buffer body = objects.get(req.path());
            if (body == null) {
                req.response().setStatusCode(404).end();
            } else {
                req.response().putHeader("Content-Type", "application/octet-stream").end(body);
            }
        });
    }

    static StorageServer start(Vertx vertx) {
        StorageServer s = new StorageServer(vertx);
        Await.result(s.server.listen(0, "127.0.0.1"));
        return s;
    }

    /** Stores {@code bytes} at {@code path}; the URL to fetch them with {@code query} appended. */
    String put(String path, byte[] bytes, String query) {
        objects.put(path, Buffer.buffer(bytes));
        return "http://127.0.0.1:" + server.actualPort() + path + "?" + query;
    }

    /** The headers of every request served. */
    List<MultiMap> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        Await.result(server.close());
    }
}
