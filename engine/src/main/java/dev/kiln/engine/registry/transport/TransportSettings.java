package dev.kiln.engine.registry.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of a registry transport shared by all registries.
 *
 * <p>Immutable.
 *
 * @param userAgent      the {@code User-Agent} header, e.g. {@code kiln/0.1.0}
 * @param retryPolicy    backoff delays (the retry counts come from each request)
 * @param connectTimeout limit for establishing a connection
 * @param idleTimeout    limit for a stall while sending or receiving
 * @param maxConnections connections per registry (and per security setting) kept in the pool
 */
public record TransportSettings(String userAgent, RetryPolicy retryPolicy, Duration connectTimeout,
                                Duration idleTimeout, int maxConnections) {

    public TransportSettings {
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("transport: maxConnections must be >= 1, got " + maxConnections);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("transport: timeouts must be positive, got " + connectTimeout
                    + " and " + idleTimeout);
        }
    }

    /**
     * {@code kiln/<version>}, default backoff, 30 s to connect, 8 connections, and 120 s without progress in
     * either direction before an exchange is abandoned (generous, since a registry may take a while to commit a
     * large upload after its last byte).
     */
    public static TransportSettings defaults() {
        return new TransportSettings(UserAgentInterceptor.defaultUserAgent(), RetryPolicy.of(3),
                Duration.ofSeconds(30), Duration.ofSeconds(120), 8);
    }
}
