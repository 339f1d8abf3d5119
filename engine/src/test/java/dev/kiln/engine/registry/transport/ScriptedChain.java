package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The end of a chain for interceptor tests: answers each request with the next scripted answer (a response or
 * a failure) and records what it was sent.
 */
final class ScriptedChain implements Interceptor {

    private final Deque<Function<RegistryRequest, Future<RegistryResponse>>> answers = new ArrayDeque<>();
    final List<RegistryRequest> sent = new ArrayList<>();

    ScriptedChain answer(int status, Map<String, String> headers) {
        answers.add(r -> {
            MultiMap h = MultiMap.caseInsensitiveMultiMap();
            headers.forEach(h::add);
            return Future.succeededFuture(RegistryResponse.of(r, status, reason(status), h, Buffer.buffer("{}")));
        });
        return this;
    }

    ScriptedChain fail(Throwable failure) {
        answers.add(r -> Future.failedFuture(failure));
        return this;
    }

    @Override
    public Future<RegistryResponse> intercept(Chain chain) {
        sent.add(chain.request());
        Function<RegistryRequest, Future<RegistryResponse>> next = answers.poll();
        if (next == null) {
            return Future.failedFuture(new AssertionError("no scripted answer left for " + chain.request()));
        }
        return next.apply(chain.request());
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 401 -> "Unauthorized";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }
}
