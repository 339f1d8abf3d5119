package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryErrorTest {

    @Test
    void parsesTheErrorDocument() {
        List<RegistryError> errors = RegistryError.parse(Buffer.buffer("""
                {"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry","detail":"sha256:ab"},
                           {"code":"NEW_CODE","message":"","detail":{"a":[1,2]}}]}"""));
        assertThat(errors).containsExactly(new RegistryError("BLOB_UNKNOWN", "blob unknown to registry", "sha256:ab"),
                new RegistryError("NEW_CODE", "", "{\"a\":[1,2]}"));
        assertThat(errors.get(0).kind()).isEqualTo(RegistryErrorCode.BLOB_UNKNOWN);
        assertThat(errors.get(1).kind()).isEqualTo(RegistryErrorCode.OTHER);
        assertThat(errors.get(0)).hasToString("BLOB_UNKNOWN: blob unknown to registry (sha256:ab)");
    }

    @Test
    void anythingElseIsNoErrors() {
        assertThat(RegistryError.parse(Buffer.buffer("<html>bad gateway</html>"))).isEmpty();
        assertThat(RegistryError.parse(Buffer.buffer("[1]"))).isEmpty();
        assertThat(RegistryError.parse(Buffer.buffer("{\"errors\":\"no\"}"))).isEmpty();
        assertThat(RegistryError.parse(Buffer.buffer())).isEmpty();
    }

    @Test
    void serverTextsAreRedactedAndShortened() {
        String longText = "x".repeat(1000);
        List<RegistryError> errors = RegistryError.parse(Buffer.buffer("{\"errors\":[{\"code\":\"DENIED\",\"message\":\""
                + "upload ?_state=SECRET denied\",\"detail\":\"" + longText + "\"}]}"));
        assertThat(errors.getFirst().message()).isEqualTo("upload ?_state=<redacted> denied");
        assertThat(errors.getFirst().detail()).hasSize(RegistryError.MAX_TEXT + 3);
    }

    @Test
    void theExceptionKindFollowsCodesFirstThenStatus() {
        List<RegistryError> unknown = List.of(new RegistryError("MANIFEST_UNKNOWN", "manifest unknown", null));
        assertThat(RegistryHttpException.of("a", 404, "Not Found", unknown)).isInstanceOf(RegistryNotFoundException.class);
        assertThat(RegistryHttpException.of("a", 401, "Unauthorized", unknown)).isInstanceOf(RegistryNotFoundException.class);
        assertThat(RegistryHttpException.of("a", 403, "Forbidden", List.of())).isInstanceOf(RegistryDeniedException.class);
        assertThat(RegistryHttpException.of("a", 400, "Bad Request",
                List.of(new RegistryError("DENIED", "", null)))).isInstanceOf(RegistryDeniedException.class);
        assertThat(RegistryHttpException.of("a", 429, "Too Many Requests", List.of())).isInstanceOf(RegistryRateLimitException.class);
        RegistryHttpException plain = RegistryHttpException.of("a", 400, "Bad Request", List.of());
        assertThat(plain.getClass()).isEqualTo(RegistryHttpException.class);
        assertThat(plain.isTransient()).isFalse();
        assertThat(RegistryHttpException.of("a", 502, "Bad Gateway", List.of()).isTransient()).isTrue();
    }

    @Test
    void theMessageNamesActionStatusAndErrors() {
        assertThat(RegistryHttpException.of("push blob sha256:ab12 to 127.0.0.1:5000/app", 413, "Payload Too Large", List.of()))
                .hasMessage("push blob sha256:ab12 to 127.0.0.1:5000/app: 413 Payload Too Large");
        assertThat(RegistryHttpException.of("pull manifest 1 from r/app", 404, "", List.of(
                new RegistryError("MANIFEST_UNKNOWN", "manifest unknown", null),
                new RegistryError("NAME_UNKNOWN", "repository name not known", null))))
                .hasMessage("pull manifest 1 from r/app: 404: MANIFEST_UNKNOWN: manifest unknown; NAME_UNKNOWN: repository name not known");
    }

    @Test
    void codesAreReadWithoutCase() {
        assertThat(RegistryErrorCode.of("toomanyrequests")).isEqualTo(RegistryErrorCode.TOOMANYREQUESTS);
        assertThat(RegistryErrorCode.of(null)).isEqualTo(RegistryErrorCode.OTHER);
        assertThat(RegistryErrorCode.of("OTHER")).isEqualTo(RegistryErrorCode.OTHER);
    }
}
