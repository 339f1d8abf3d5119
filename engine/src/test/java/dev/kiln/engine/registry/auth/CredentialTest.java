package dev.kiln.engine.registry.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialTest {

    @Test
    void toStringNeverShowsASecret() {
        assertThat(new Credential.Basic("alice", "hunter22")).hasToString("Basic[username=alice, password=<redacted>]");
        assertThat(new Credential.IdentityToken("refresh-me")).hasToString("IdentityToken[<redacted>]");
        assertThat(new Credential.RegistryToken("bearer-me")).hasToString("RegistryToken[<redacted>]");
        assertThat(Credential.ANONYMOUS).hasToString("Anonymous");
    }

    @Test
    void equalityComparesTheSecrets() {
        assertThat(new Credential.Basic("a", "p1")).isNotEqualTo(new Credential.Basic("a", "p2"));
        assertThat(new Credential.Basic("a", "p1")).isEqualTo(new Credential.Basic("a", "p1"));
        assertThat(new Credential.Anonymous()).isEqualTo(Credential.ANONYMOUS);
        assertThat(Credential.ANONYMOUS.isAnonymous()).isTrue();
        assertThat(new Credential.RegistryToken("t").isAnonymous()).isFalse();
    }

    @Test
    void redactorMasksSecretsAndTheirBasicEncoding() {
        Credential.Basic basic = new Credential.Basic("alice", "hunter22");
        String header = "Basic " + Redactor.basicToken("alice", "hunter22");
        String text = "denied alice:hunter22 with " + header;

        String redacted = Redactor.redact(text, Redactor.secretsOf(basic));

        assertThat(redacted).isEqualTo("denied alice:<redacted> with Basic <redacted>");
    }

    @Test
    void redactorCutsLongQuotes() {
        String quoted = Redactor.quote("x".repeat(1000), List.of());

        assertThat(quoted).hasSize(Redactor.MAX_QUOTED + 3).endsWith("...");
    }
}
