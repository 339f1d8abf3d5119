package dev.kiln.engine.registry.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenResponseTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void readsTokenAndLifetime() {
        TokenResponse r = TokenResponse.parse("{\"token\":\"t1\",\"expires_in\":300}", NOW);

        assertThat(r.token()).isEqualTo("t1");
        assertThat(r.lifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(r.issuedAt()).isEqualTo(NOW);
    }

    @Test
    void prefersTokenOverAccessToken() {
        assertThat(TokenResponse.parse("{\"access_token\":\"a\",\"token\":\"t\"}", NOW).token()).isEqualTo("t");
    }

    @Test
    void acceptsAnOAuth2AccessTokenAlone() {
        assertThat(TokenResponse.parse("{\"access_token\":\"a\",\"token\":\"\"}", NOW).token()).isEqualTo("a");
    }

    @Test
    void defaultsTheLifetimeToSixtySeconds() {
        assertThat(TokenResponse.parse("{\"token\":\"t\"}", NOW).lifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(TokenResponse.parse("{\"token\":\"t\",\"expires_in\":0}", NOW).lifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(TokenResponse.parse("{\"token\":\"t\",\"expires_in\":\"soon\"}", NOW).lifetime())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void acceptsExpiresInAsAString() {
        assertThat(TokenResponse.parse("{\"token\":\"t\",\"expires_in\":\"120\"}", NOW).lifetime())
                .isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void startsTheLifetimeAtIssuedAt() {
        TokenResponse r = TokenResponse.parse(
                "{\"token\":\"t\",\"expires_in\":300,\"issued_at\":\"2026-03-01T11:58:00.5+00:00\"}", NOW);

        assertThat(r.issuedAt()).isEqualTo(Instant.parse("2026-03-01T11:58:00.5Z"));
    }

    @Test
    void ignoresAnIssuedAtThatASkewedClockPutsInTheFutureOrBeyondTheLifetime() {
        assertThat(TokenResponse.parse("{\"token\":\"t\",\"expires_in\":60,\"issued_at\":\"2026-03-01T12:05:00Z\"}", NOW)
                .issuedAt()).isEqualTo(NOW);
        assertThat(TokenResponse.parse("{\"token\":\"t\",\"expires_in\":60,\"issued_at\":\"2026-03-01T10:00:00Z\"}", NOW)
                .issuedAt()).isEqualTo(NOW);
        assertThat(TokenResponse.parse("{\"token\":\"t\",\"issued_at\":\"yesterday\"}", NOW).issuedAt()).isEqualTo(NOW);
    }

    @Test
    void refreshesAFifthOfTheLifetimeEarlyAtMostTenSeconds() {
        assertThat(TokenResponse.parse("{\"token\":\"t\",\"expires_in\":300}", NOW).refreshAt())
                .isEqualTo(NOW.plusSeconds(290));
        assertThat(TokenResponse.parse("{\"token\":\"t\",\"expires_in\":20}", NOW).refreshAt())
                .isEqualTo(NOW.plusSeconds(16));
    }

    @Test
    void rejectsAnAnswerWithoutTokenWithoutQuotingIt() {
        assertThatThrownBy(() -> TokenResponse.parse("{\"tok\":\"secret-value\"}", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the answer has neither \"token\" nor \"access_token\"");
        assertThatThrownBy(() -> TokenResponse.parse("<html>secret-value</html>", NOW))
                .hasMessage("the answer is not a JSON object");
        assertThatThrownBy(() -> TokenResponse.parse("[\"secret-value\"]", NOW))
                .hasMessage("the answer is not a JSON object");
    }

    @Test
    void toStringHidesTheToken() {
        assertThat(TokenResponse.parse("{\"token\":\"secret-value\"}", NOW).toString()).doesNotContain("secret-value");
    }
}
