package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every exchange on the wire at DEBUG: method, URL, headers, status and time, all redacted by
 * {@link Redaction} (no {@code Authorization} value, no upload {@code _state}, no pre-signed URL signature).
 *
 * <p>Stateless and thread-safe. It sits next to the exchange, below retries and redirects, so each attempt and
 * each hop is one line.
 */
public final class LoggingInterceptor implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingInterceptor.class);

    @Override
    public Future<RegistryResponse> intercept(Chain chain) {
        RegistryRequest request = chain.request();
        if (!LOG.isDebugEnabled()) {
            return chain.proceed(request);
        }
        long start = System.nanoTime();
        LOG.debug("--> {} ({} body bytes)", request, request.body().length());
        return chain.proceed(request).onComplete(ar -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (ar.succeeded()) {
                RegistryResponse r = ar.result();
                String location = r.header("Location");
                LOG.debug("<-- {} {} ({} ms){}", r.statusLine(), request.describe(), ms,
                        location == null ? "" : ", Location: " + Redaction.url(location));
            } else {
                LOG.debug("<-- failed {} ({} ms): {}", request.describe(), ms, Redaction.describe(ar.cause()));
            }
        });
    }
}
