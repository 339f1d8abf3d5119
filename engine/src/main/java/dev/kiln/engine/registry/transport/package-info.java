/**
 * The registry transport: an interceptor chain over a Vert.x {@link io.vertx.core.http.HttpClient}, after
 * OkHttp's interceptors and go-containerregistry's {@code transport}.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>One class per concern</b>, chained by {@link dev.kiln.engine.registry.transport.Transport}: user agent,
 *     retry (backoff with jitter, {@code Retry-After}; idempotent requests only), authentication
 *     ({@code registry.auth}, once more after a 401), redirects (credentials only to the original origin),
 *     logging (redacted), and the {@link dev.kiln.engine.registry.transport.HttpExchange} that sends.
 *     {@link dev.kiln.engine.registry.transport.TransportFactory} assembles the standard order.</li>
 * <li><b>Values travel, streams are re-opened.</b> A {@link dev.kiln.engine.registry.transport.RegistryRequest}
 *     is immutable and its {@link dev.kiln.engine.registry.transport.RequestBody} can be sent again from the
 *     start; a {@link dev.kiln.engine.registry.transport.RegistryResponse} arrives with its body paused and is
 *     consumed exactly once.</li>
 * <li><b>Non-blocking.</b> Bodies are pulled piece by piece ({@link dev.kiln.engine.registry.transport.BodySource})
 *     from memory, {@code AsyncFile} or worker threads; waits are timers; PEM files are read on a worker.</li>
 * <li><b>Stalls, not durations, time out.</b> A watchdog abandons an exchange after the idle timeout without
 *     progress in either direction (Vert.x's own idle timeout only watches incoming data and would cut long
 *     uploads); the resulting {@link java.util.concurrent.TimeoutException} is transient, so retried.</li>
 * <li><b>TLS verified by default</b>; plain HTTP, skipped verification, extra CAs and client certificates are
 *     per registry ({@link dev.kiln.engine.registry.transport.ConnectionSecurity}).</li>
 * <li><b>Redaction</b> ({@link dev.kiln.engine.registry.transport.Redaction}) of {@code Authorization}, upload
 *     {@code _state}, tokens and storage signatures in every log line and exception.</li>
 * </ul>
 *
 * <p>Depends on {@code registry.auth} (authenticator, scopes) and Vert.x; not on {@code registry}, which builds
 * on it.
 */
package dev.kiln.engine.registry.transport;
