package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * A list of {@link Interceptor}s through which every registry request passes, the last of which sends it
 * (see {@link HttpExchange}). {@link TransportFactory} builds the standard one.
 *
 * <p>Immutable and thread-safe if its interceptors are.
 */
public final class Transport {

    private final List<Interceptor> interceptors;

    /** A chain of {@code interceptors}, called in order; the last must answer without calling {@code proceed}. */
    public Transport(List<Interceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
        if (this.interceptors.isEmpty()) {
            throw new IllegalArgumentException("transport: no interceptors");
        }
    }

    /** Sends {@code request} down the chain. */
    public Future<RegistryResponse> execute(RegistryRequest request) {
        Objects.requireNonNull(request, "request");
        return new Link(0, request).proceed(request);
    }

    /** The interceptors, outermost first. */
    public List<Interceptor> interceptors() {
        return interceptors;
    }

    private final class Link implements Interceptor.Chain {
        private final int index;
        private final RegistryRequest request;

        Link(int index, RegistryRequest request) {
            this.index = index;
            this.request = request;
        }

        @Override
        public RegistryRequest request() {
            return request;
        }

        @Override
        public Future<RegistryResponse> proceed(RegistryRequest next) {
            if (index >= interceptors.size()) {
                return Future.failedFuture(new IllegalStateException("transport: the last interceptor called proceed"));
            }
            try {
                return interceptors.get(index).intercept(new Link(index + 1, next));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
    }
}
