package dev.kiln.engine.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RegistryRequestTest {

    private final RegistryRequest request = RegistryRequest.of(HttpMethod.PATCH,
            URI.create("https://r.local/v2/app/blobs/uploads/1?_state=SECRET"), "push blob");

    @Test
    void headersCompareWithoutCase() {
        RegistryRequest r = request.withHeader("Content-Type", "application/octet-stream");
        assertThat(r.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(r.withoutHeader("CONTENT-TYPE").headers()).isEmpty();
    }

    @Test
    void toStringIsSafeToLog() {
        String s = request.withHeader("Authorization", "Bearer abc.def.ghi-123").toString();
        assertThat(s).isEqualTo("PATCH https://r.local/v2/app/blobs/uploads/1?_state=<redacted>, Authorization: Bearer <redacted>");
    }

    @Test
    void onlyAbsoluteUrlsAreAccepted() {
        assertThatThrownBy(() -> RegistryRequest.of(HttpMethod.GET, URI.create("/v2/"), "ping"))
                .hasMessage("registry request: not an absolute URL: /v2/");
    }

    @Test
    void getAndHeadAreIdempotentByDefault() {
        assertThat(RegistryRequest.of(HttpMethod.GET, URI.create("http://r/v2/"), "x").idempotent()).isTrue();
        assertThat(request.idempotent()).isFalse();
    }
}
