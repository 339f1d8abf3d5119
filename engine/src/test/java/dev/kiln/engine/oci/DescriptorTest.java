package dev.kiln.engine.oci;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DescriptorTest {

    private static final Digest DIGEST = Fixtures.digest("layer1");

    @Test
    void plainDescriptorWritesOnlyTheRequiredFields() {
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER_GZIP, DIGEST, 42);
        assertThat(Fixtures.string(CanonicalJson.encode(d.toJson()))).isEqualTo(
                "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + DIGEST
                        + "\",\"size\":42}");
        assertThat(d.urls()).isEmpty();
        assertThat(d.annotations()).isEmpty();
        assertThat(d.platform()).isNull();
        assertThat(d.artifactType()).isNull();
    }

    @Test
    void writesAllFieldsInTheDocumentedOrder() {
        Descriptor d = new Descriptor(MediaType.OCI_MANIFEST, DIGEST, 7, List.of("https://a/b"),
                Map.of("z", "1", "a", "2"), Platform.parse("linux/arm64/v8"), MediaType.of("application/x+json"),
                new JsonObject().put("data", "e30="));
        assertThat(Fixtures.string(CanonicalJson.encode(d.toJson()))).isEqualTo(
                "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + DIGEST + "\",\"size\":7,"
                        + "\"urls\":[\"https://a/b\"],\"annotations\":{\"a\":\"2\",\"z\":\"1\"},"
                        + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"},"
                        + "\"artifactType\":\"application/x+json\",\"data\":\"e30=\"}");
        assertThat(Descriptor.fromJson(d.toJson())).isEqualTo(d);
    }

    @Test
    void withersKeepTheOtherFields() {
        Descriptor d = Descriptor.of(MediaType.OCI_MANIFEST, DIGEST, 7)
                .withPlatform(Platform.parse("linux/amd64"))
                .withAnnotation("k", "v")
                .withAnnotation("a", "b")
                .withUrls(List.of("u"))
                .withArtifactType(MediaType.OCI_EMPTY);
        assertThat(d.platform()).isEqualTo(Platform.parse("linux/amd64"));
        assertThat(d.annotations()).containsExactly(Map.entry("a", "b"), Map.entry("k", "v"));
        assertThat(d.withAnnotations(Map.of()).annotations()).isEmpty();
        assertThat(d.withMediaType(MediaType.DOCKER_MANIFEST).urls()).containsExactly("u");
        assertThat(d.artifactType()).isEqualTo(MediaType.OCI_EMPTY);
    }

    @Test
    void equalDescriptorsRegardlessOfAnnotationInsertionOrder() {
        Descriptor a = Descriptor.of(MediaType.OCI_MANIFEST, DIGEST, 1).withAnnotation("x", "1").withAnnotation("y", "2");
        Descriptor b = Descriptor.of(MediaType.OCI_MANIFEST, DIGEST, 1).withAnnotation("y", "2").withAnnotation("x", "1");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(CanonicalJson.encode(a.toJson())).isEqualTo(CanonicalJson.encode(b.toJson()));
    }

    @Test
    void rejectsInvalidValuesAtConstruction() {
        assertThatThrownBy(() -> Descriptor.of(MediaType.OCI_LAYER, DIGEST, -1))
                .hasMessage("descriptor " + DIGEST.shortForm() + ": negative size -1");
        assertThatThrownBy(() -> Descriptor.of(null, DIGEST, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Descriptor.of(MediaType.OCI_LAYER, null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Descriptor(MediaType.OCI_LAYER, DIGEST, 1, null, null, null, null,
                new JsonObject().put("size", 2)))
                .hasMessage("descriptor extra fields must not contain the modelled field \"size\"");
    }

    @Test
    void fromJsonNamesTheField() {
        JsonObject json = new JsonObject().put("mediaType", "a/b").put("digest", DIGEST.toString()).put("size", "1");
        assertThatThrownBy(() -> Descriptor.fromJson(json))
                .isInstanceOf(MalformedContentException.class)
                .hasMessage("parse descriptor: \"size\": expected integer, got string");
    }

    @Test
    void extraIsACopy() {
        Descriptor d = new Descriptor(MediaType.OCI_LAYER, DIGEST, 1, null, null, null, null,
                new JsonObject().put("data", "x"));
        d.extra().put("data", "y");
        assertThat(d.extra().getString("data")).isEqualTo("x");
    }
}
