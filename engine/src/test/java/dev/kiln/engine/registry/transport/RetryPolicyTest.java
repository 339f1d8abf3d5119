package dev.kiln.engine.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.2,
            Duration.ofSeconds(30));
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void delaysGrowExponentiallyUpToTheCap() {
        assertThat(policy.delay(1, () -> 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delay(2, () -> 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delay(10, () -> 0.5)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterSpreadsWithinItsFraction() {
        assertThat(policy.delay(2, () -> 0.0)).isEqualTo(Duration.ofMillis(160));
        assertThat(policy.delay(2, () -> 0.999999)).isBetween(Duration.ofMillis(239), Duration.ofMillis(240));
        assertThat(policy.delay(10, () -> 0.999999)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterSecondsReplaceTheBackoff() {
        assertThat(policy.delay(1, "7", NOW, () -> 0.5)).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delay(1, "3600", NOW, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterAsAnHttpDate() {
        assertThat(RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:00:09 GMT", NOW)).contains(Duration.ofSeconds(9));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void aMalformedRetryAfterFallsBackToTheBackoff() {
        assertThat(RetryPolicy.parseRetryAfter("soon", NOW)).isEqualTo(Optional.empty());
        assertThat(RetryPolicy.parseRetryAfter("99999999999999999999999", NOW)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(null, NOW)).isEmpty();
        assertThat(policy.delay(1, "soon", NOW, () -> 0.5)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RetryPolicy.of(-1)).hasMessage("retry policy: negative maxRetries -1");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0, Duration.ZERO))
                .hasMessageContaining("need 0 <= initialDelay <= maxDelay");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0.5, 0, Duration.ZERO))
                .hasMessageContaining("multiplier >= 1");
        assertThatThrownBy(() -> policy.delay(0, () -> 0)).hasMessageContaining(">= 1");
    }
}
