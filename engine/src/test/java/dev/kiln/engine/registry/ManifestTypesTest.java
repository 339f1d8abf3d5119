package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.oci.MediaType;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ManifestTypesTest {

    @Test
    void theAcceptHeaderListsOciAndDockerManifestsAndIndexes() {
        assertThat(ManifestTypes.ACCEPT).isEqualTo("application/vnd.oci.image.manifest.v1+json, "
                + "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, "
                + "application/vnd.docker.distribution.manifest.list.v2+json");
    }

    @Test
    void aManifestContentTypeWinsWithoutParameters() {
        assertThat(ManifestTypes.detect("application/vnd.docker.distribution.manifest.v2+json; charset=utf-8", Buffer.buffer("{}")))
                .isEqualTo(MediaType.DOCKER_MANIFEST);
    }

    @Test
    void aGenericContentTypeDefersToTheDocument() {
        assertThat(ManifestTypes.detect("application/json", Buffer.buffer("{\"mediaType\":\"" + MediaType.OCI_INDEX + "\"}")))
                .isEqualTo(MediaType.OCI_INDEX);
        assertThat(ManifestTypes.detect(null, Buffer.buffer("{\"schemaVersion\":2,\"config\":{}}"))).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(ManifestTypes.detect("text/plain", Buffer.buffer("{\"schemaVersion\":2,\"manifests\":[]}")))
                .isEqualTo(MediaType.OCI_INDEX);
    }

    @Test
    void schema1IsRecognisedToBeRefused() {
        assertThat(ManifestTypes.detect("application/json", Buffer.buffer("{\"schemaVersion\":1,\"fsLayers\":[]}")))
                .isEqualTo(MediaType.DOCKER_SCHEMA1_SIGNED);
        assertThat(ManifestTypes.detect(MediaType.DOCKER_SCHEMA1_SIGNED.value(), Buffer.buffer("{}")).isSchema1()).isTrue();
    }

    @Test
    void nothingToTellByIsTheContentTypeOrNull() {
        assertThat(ManifestTypes.detect(null, Buffer.buffer("not json"))).isNull();
        assertThat(ManifestTypes.detect("application/octet-stream", Buffer.buffer("{}"))).isEqualTo(MediaType.of("application/octet-stream"));
    }
}
