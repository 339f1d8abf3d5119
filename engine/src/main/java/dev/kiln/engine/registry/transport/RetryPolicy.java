package dev.kiln.engine.registry.transport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * When and how long to wait before repeating a request that failed for a reason that may pass: exponential
 * backoff with jitter, and the server's {@code Retry-After} when it sends one.
 *
 * <p>Immutable. The delay before retry {@code n} (1-based) is {@code initialDelay * multiplier^(n-1)}, capped
 * at {@code maxDelay}, then spread by {@code ±jitter} (a fraction) so that many clients failing together do
 * not retry in lock-step. A {@code Retry-After} from the server replaces the computed delay, capped at
 * {@code maxRetryAfter}: a registry asking for an hour is better answered by failing than by hanging a build.
 *
 * @param maxRetries    retries after the first attempt; 0 disables retrying
 * @param initialDelay  delay before the first retry
 * @param maxDelay      upper bound of the computed delay
 * @param multiplier    growth factor per retry, at least 1
 * @param jitter        fraction in [0, 1) by which delays are randomly spread
 * @param maxRetryAfter upper bound for a server's {@code Retry-After}
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, double multiplier, double jitter,
                          Duration maxRetryAfter) {

    /** HTTP statuses that may succeed when repeated: timeout, rate limit, server errors. */
    public static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retry policy: negative maxRetries " + maxRetries);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry policy: need 0 <= initialDelay <= maxDelay, got "
                    + initialDelay + " and " + maxDelay);
        }
        if (multiplier < 1 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("retry policy: need multiplier >= 1 and 0 <= jitter < 1, got "
                    + multiplier + " and " + jitter);
        }
    }

    /** {@code maxRetries} retries starting at 500 ms, doubling up to 10 s, ±20 %, Retry-After up to 60 s. */
    public static RetryPolicy of(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(500), Duration.ofSeconds(10), 2.0, 0.2,
                Duration.ofSeconds(60));
    }

    /** Never retry. */
    public static RetryPolicy none() {
        return of(0);
    }

    /** The same policy with another retry count. */
    public RetryPolicy withMaxRetries(int retries) {
        return new RetryPolicy(retries, initialDelay, maxDelay, multiplier, jitter, maxRetryAfter);
    }

    /** The same policy with other base delays (tests use milliseconds). */
    public RetryPolicy withDelays(Duration initial, Duration max) {
        return new RetryPolicy(maxRetries, initial, max, multiplier, jitter, maxRetryAfter);
    }

    /**
     * The delay before retry {@code retry} (1-based), with {@code random} giving values in [0, 1) for the jitter.
     */
    public Duration delay(int retry, DoubleSupplier random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry number must be >= 1, got " + retry);
        }
        double base = initialDelay.toNanos() * Math.pow(multiplier, retry - 1);
        double capped = Math.min(base, maxDelay.toNanos());
        double spread = capped * (1 - jitter + 2 * jitter * random.getAsDouble());
        return Duration.ofNanos((long) Math.min(spread, maxDelay.toNanos()));
    }

    /**
     * The delay before retry {@code retry}: the server's {@code Retry-After} (capped at {@code maxRetryAfter})
     * when {@code retryAfterHeader} holds a valid one, else {@link #delay(int, DoubleSupplier)}.
     */
    public Duration delay(int retry, String retryAfterHeader, Instant now, DoubleSupplier random) {
        Optional<Duration> asked = parseRetryAfter(retryAfterHeader, now);
        if (asked.isPresent()) {
            return asked.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked.get();
        }
        return delay(retry, random);
    }

    /**
     * Parses a {@code Retry-After} value (RFC 9110 section 10.2.3): delay seconds, or an HTTP date (a date in
     * the past means no delay). Empty when absent or malformed.
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // too many digits: not a sensible delay
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
