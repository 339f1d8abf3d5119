package dev.kiln.engine.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void authorizationHeadersKeepOnlyTheirScheme() {
        assertThat(Redaction.header("Authorization", "Bearer eyJhbGciOi.abc.def")).isEqualTo("Bearer <redacted>");
        assertThat(Redaction.header("authorization", "Basic a2lsbjpzM2NyZXQ=")).isEqualTo("Basic <redacted>");
        assertThat(Redaction.header("Cookie", "session=1")).isEqualTo("<redacted>");
        assertThat(Redaction.header("Accept", "application/json")).isEqualTo("application/json");
    }

    @Test
    void uploadStateAndTokenParametersAreMasked() {
        assertThat(Redaction.url("https://r/v2/app/blobs/uploads/u1?_state=abc%2Bdef&digest=sha256:00"))
                .isEqualTo("https://r/v2/app/blobs/uploads/u1?_state=<redacted>&digest=sha256:00");
        assertThat(Redaction.url("https://auth/token?service=s&access_token=xyz&scope=repository:a:pull"))
                .isEqualTo("https://auth/token?service=s&access_token=<redacted>&scope=repository:a:pull");
    }

    @Test
    void preSignedStorageUrlsLoseTheirSignatures() {
        assertThat(Redaction.url("https://bucket.s3/x?X-Amz-Credential=AKID%2F1&X-Amz-Signature=f00d&X-Amz-Expires=60"))
                .isEqualTo("https://bucket.s3/x?X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>&X-Amz-Expires=60");
        assertThat(Redaction.url("https://acct.blob/c/b?sv=2020&sig=abcd%3D")).isEqualTo("https://acct.blob/c/b?sv=2020&sig=<redacted>");
    }

    @Test
    void userInfoInUrlsIsMasked() {
        assertThat(Redaction.url("https://user:pw@registry.local/v2/")).isEqualTo("https://<redacted>@registry.local/v2/");
    }

    @Test
    void credentialsInFreeTextAreMaskedButProseStays() {
        assertThat(Redaction.text("sent Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2ln to x"))
                .isEqualTo("sent Authorization: Bearer <redacted> to x");
        assertThat(Redaction.text("the registry asks for Basic credentials.")).isEqualTo("the registry asks for Basic credentials.");
        assertThat(Redaction.text(null)).isNull();
    }

    @Test
    void describeUsesTheRedactedMessageOrTheClassName() {
        assertThat(Redaction.describe(new IOException("timeout on PATCH /u?_state=s3cr3t"))).isEqualTo("timeout on PATCH /u?_state=<redacted>");
        assertThat(Redaction.describe(new IOException())).isEqualTo("IOException");
    }

    @Test
    void sanitizeKeepsCleanExceptionsAndCopiesDirtyOnes() {
        IOException clean = new IOException("connection refused");
        assertThat(Redaction.sanitize(clean)).isSameAs(clean);
        IOException dirty = new IOException("GET /v2/x?_state=SECRETSTATE failed", new IllegalStateException("token=T0KEN"));
        Throwable copy = Redaction.sanitize(dirty);
        assertThat(copy.getMessage()).isEqualTo("java.io.IOException: GET /v2/x?_state=<redacted> failed");
        assertThat(copy.getCause().getMessage()).isEqualTo("java.lang.IllegalStateException: token=<redacted>");
        assertThat(copy.getStackTrace()).isEqualTo(dirty.getStackTrace());
    }
}
