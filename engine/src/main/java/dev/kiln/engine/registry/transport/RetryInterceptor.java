package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats idempotent requests that failed for a reason that may pass: a connection error, a 408, 429 or 5xx
 * answer (see {@link RetryPolicy#TRANSIENT_STATUSES} and {@link Failures#isTransient}), up to
 * {@link RegistryRequest#retries()} times, waiting with exponential backoff and jitter or as long as the
 * server's {@code Retry-After} asks.
 *
 * <p>Thread-safe and non-blocking: waits are Vert.x timers. Requests that are not
 * {@link RegistryRequest#idempotent()} (an upload chunk PATCH, which the registry may have half-applied) are
 * never repeated here; the blob uploader restarts the whole upload instead. After the last retry the last
 * response (or failure) is passed up unchanged, so callers report what the registry really said.
 */
public final class RetryInterceptor implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);

    private final Vertx vertx;
    private final RetryPolicy policy;
    private final Clock clock;

    /** @param policy base delays; the retry count comes from each request */
    public RetryInterceptor(Vertx vertx, RetryPolicy policy) {
        this(vertx, policy, Clock.systemUTC());
    }

    RetryInterceptor(Vertx vertx, RetryPolicy policy, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<RegistryResponse> intercept(Chain chain) {
        return attempt(chain, chain.request(), 1);
    }

    private Future<RegistryResponse> attempt(Chain chain, RegistryRequest request, int attempt) {
        return chain.proceed(request).transform(ar -> {
            boolean mayRetry = request.idempotent() && attempt <= request.retries();
            if (ar.failed()) {
                if (!mayRetry || !Failures.isTransient(ar.cause())) {
                    return Future.failedFuture(ar.cause());
                }
                Duration delay = policy.delay(attempt, ThreadLocalRandom.current()::nextDouble);
                LOG.info("{}: {}; retry {}/{} in {} ms", request.describe(), Redaction.describe(ar.cause()),
                        attempt, request.retries(), delay.toMillis());
                return wait(delay).compose(v -> attempt(chain, request, attempt + 1));
            }
            RegistryResponse response = ar.result();
            if (!mayRetry || !RetryPolicy.TRANSIENT_STATUSES.contains(response.status())) {
                return Future.succeededFuture(response);
            }
            Duration delay = policy.delay(attempt, response.header("Retry-After"), clock.instant(),
                    ThreadLocalRandom.current()::nextDouble);
            LOG.info("{}: {}; retry {}/{} in {} ms", request.describe(), response.statusLine(), attempt,
                    request.retries(), delay.toMillis());
            return response.discard().compose(v -> wait(delay)).compose(v -> attempt(chain, request, attempt + 1));
        });
    }

    private Future<Void> wait(Duration delay) {
        if (delay.isZero()) {
            return Future.succeededFuture();
        }
        return vertx.timer(Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS).mapEmpty();
    }
}
