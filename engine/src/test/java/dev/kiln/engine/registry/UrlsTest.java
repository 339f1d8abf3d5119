package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.reference.RepositoryName;
import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void apiUrlsNameTheRepositoryPath() {
        assertThat(Urls.api(URI.create("https://r:5000"), new RepositoryName("r:5000", "a/b"), "manifests/1"))
                .isEqualTo(URI.create("https://r:5000/v2/a/b/manifests/1"));
    }

    @Test
    void queryParametersAreAppendedKeepingTheSessionStateBytes() {
        URI session = URI.create("https://r/v2/a/blobs/uploads/u?_state=ab%2Bc%3D%3D");
        assertThat(Urls.withQuery(session, "digest", "sha256:00").toString())
                .isEqualTo("https://r/v2/a/blobs/uploads/u?_state=ab%2Bc%3D%3D&digest=sha256%3A00");
        assertThat(Urls.withQuery(URI.create("https://r/v2/a/blobs/uploads/"), "mount", "sha256:1").toString())
                .isEqualTo("https://r/v2/a/blobs/uploads/?mount=sha256%3A1");
    }

    @Test
    void locationsResolveAgainstTheRequest() {
        assertThat(Urls.resolve(URI.create("https://r/v2/a/blobs/uploads/"), "/v2/a/blobs/uploads/u?_state=x"))
                .isEqualTo(URI.create("https://r/v2/a/blobs/uploads/u?_state=x"));
        assertThat(Urls.resolve(URI.create("https://r/v2/a/blobs/uploads/"), "https://other/x"))
                .isEqualTo(URI.create("https://other/x"));
    }

    @Test
    void theNextLinkIsFoundInItsVariants() {
        assertThat(Urls.nextLink("</v2/a/tags/list?last=b&n=2>; rel=\"next\"")).contains("/v2/a/tags/list?last=b&n=2");
        assertThat(Urls.nextLink("<https://r/x>;rel=next")).contains("https://r/x");
        assertThat(Urls.nextLink("</p>; rel=\"prev\", </n>; rel=\"next\"")).contains("/n");
        assertThat(Urls.nextLink("</p>; rel=\"prev\"")).isEmpty();
        assertThat(Urls.nextLink(null)).isEmpty();
    }
}
