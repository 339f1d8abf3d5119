package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;

/**
 * One concern of the registry transport (authentication, retries, redirects, user agent, logging), after
 * OkHttp's interceptors: it sees the request on the way down and the response on the way up, and may change
 * either, answer itself, or call the rest of the chain several times.
 *
 * <p>Implementations are thread-safe and non-blocking: one chain serves every concurrent request on every
 * event loop. An interceptor that drops a response (to repeat the request) must consume it first, see
 * {@link RegistryResponse#discard()}.
 */
@FunctionalInterface
public interface Interceptor {

    /** Handles {@code chain.request()}, usually by calling {@link Chain#proceed} once or more. */
    Future<RegistryResponse> intercept(Chain chain);

    /** The rest of the chain below an interceptor. */
    interface Chain {

        /** The request as it arrived at this interceptor. */
        RegistryRequest request();

        /** Passes {@code request} to the next interceptor; the last one sends it. */
        Future<RegistryResponse> proceed(RegistryRequest request);
    }
}
