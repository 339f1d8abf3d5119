package dev.kiln.engine.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.kiln.engine.oci.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexManifestTest {

    private static final String AMD64 = "sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51";
    private static final String ARM64 = "sha256:f69162950f235e3cdbbad33f1f912d1a504be90d8a37d002c735d6f3e3882265";
    private static final String ARMV7 = "sha256:5ba6c8710dd1369ce61603ab9b7a81b25f92d4a9f74956ab72a7ea75884f07ee";

    @Test
    void parsesAnOciIndexWithPlatformsAndAnnotations() {
        IndexManifest index = IndexManifest.parse(Fixtures.bytes("oci-index.json"));
        assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(index.manifests()).hasSize(4);
        assertThat(index.manifests()).extracting(d -> d.platform().toString())
                .containsExactly("linux/amd64", "linux/arm64/v8", "linux/arm/v7", "unknown/unknown");
        assertThat(index.manifests().get(3).annotations())
                .containsEntry("vnd.docker.reference.type", "attestation-manifest")
                .containsEntry("vnd.docker.reference.digest", AMD64);
        assertThat(index.annotations()).containsOnlyKeys("org.opencontainers.image.created",
                "org.opencontainers.image.source");
    }

    @Test
    void writesCompactJsonWithSortedAnnotations() {
        IndexManifest index = IndexManifest.parse(Fixtures.bytes("oci-index.json"));
        String text = Fixtures.string(index.toBytes());
        assertThat(text).startsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + AMD64
                + "\",\"size\":1068,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},");
        assertThat(text).contains("\"size\":839,\"annotations\":{\"vnd.docker.reference.digest\":\"" + AMD64
                + "\",\"vnd.docker.reference.type\":\"attestation-manifest\"},\"platform\":{\"architecture\":"
                + "\"unknown\",\"os\":\"unknown\"}}");
        assertThat(text).endsWith("],\"annotations\":{\"org.opencontainers.image.created\":\"2024-05-01T10:20:30Z\","
                + "\"org.opencontainers.image.source\":\"https://example.com/app.git\"}}");
        assertThat(text).doesNotContain(" ", "\n", "null");
    }

    @Test
    void roundTripsAndHasAStableDigest() {
        IndexManifest index = IndexManifest.parse(Fixtures.bytes("oci-index.json"));
        IndexManifest again = IndexManifest.parse(index.toBytes());
        assertThat(again).isEqualTo(index);
        assertThat(again.toBytes()).isEqualTo(index.toBytes());
        assertThat(again.digest()).isEqualTo(index.digest());
        assertThat(index.descriptor().size()).isEqualTo(index.toBytes().length);
        assertThat(index.descriptor().mediaType()).isEqualTo(MediaType.OCI_INDEX);
    }

    @Test
    void umociIndexWithoutMediaTypeIsReproducedByteForByte() {
        byte[] bytes = utf8("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + AMD64 + "\",\"size\":192,\"annotations\":{\"org.opencontainers.image.ref.name\":\"t\"}}]}");
        IndexManifest index = IndexManifest.parse(bytes);
        assertThat(index.mediaType()).isNull();
        assertThat(index.toBytes()).isEqualTo(bytes);
    }

    @Test
    void parsesADockerManifestListWithFeatures() {
        byte[] bytes = utf8("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"size\":7143,"
                + "\"digest\":\"" + AMD64 + "\",\"platform\":{\"architecture\":\"ppc64le\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"size\":7682,\"digest\":\"" + ARM64
                + "\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.17763.5329\","
                + "\"features\":[\"sse4\"]}}]}");
        IndexManifest list = IndexManifest.parse(bytes);
        assertThat(list.mediaType().isIndex()).isTrue();
        assertThat(list.manifests().get(1).platform().features()).containsExactly("sse4");
        assertThat(list.manifests().get(1).platform().osVersion()).isEqualTo("10.0.17763.5329");
        assertThat(IndexManifest.parse(list.toBytes())).isEqualTo(list);
    }

    /** wanted | selected digest (containerd's preference order) or "none". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "linux/amd64|" + AMD64,
            "linux/amd64/v3|" + AMD64,
            "linux/x86_64|" + AMD64,
            "linux/arm64|" + ARM64,
            "linux/arm64/v8|" + ARM64,
            "linux/aarch64|" + ARM64,
            "linux/arm/v7|" + ARMV7,
            "linux/arm/v8|" + ARMV7,
            "linux/arm/v6|none",
            "linux/s390x|none",
            "windows/amd64|none",
    })
    void selectsTheManifestContainerdWouldPull(String wanted, String expected) {
        IndexManifest index = IndexManifest.parse(Fixtures.bytes("oci-index.json"));
        assertThat(index.select(Platform.parse(wanted)).map(d -> d.digest().toString()).orElse("none"))
                .isEqualTo(expected);
    }

    @Test
    void selectPrefersTheExactVariantOverAFallbackListedFirst() {
        Descriptor armv7 = Descriptor.of(MediaType.OCI_MANIFEST, Digest.parse(ARMV7), 1)
                .withPlatform(Platform.parse("linux/arm/v7"));
        Descriptor arm64 = Descriptor.of(MediaType.OCI_MANIFEST, Digest.parse(ARM64), 1)
                .withPlatform(Platform.parse("linux/arm64/v8"));
        IndexManifest index = IndexManifest.of(MediaType.OCI_INDEX, List.of(armv7, arm64));
        assertThat(index.select(Platform.parse("linux/arm64"))).contains(arm64);
        assertThat(index.withManifests(List.of(armv7)).select(Platform.parse("linux/arm64"))).contains(armv7);
    }

    @Test
    void withersReturnNewValues() {
        IndexManifest index = IndexManifest.parse(Fixtures.bytes("oci-index.json"));
        IndexManifest changed = index.withAnnotations(Map.of()).withManifests(index.manifests().subList(0, 1));
        assertThat(changed.annotations()).isEmpty();
        assertThat(changed.manifests()).hasSize(1);
        assertThat(index.manifests()).hasSize(4);
        assertThat(changed.withSubject(index.manifests().get(1)).subject()).isEqualTo(index.manifests().get(1));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json|invalid JSON:",
            "{}|missing \"schemaVersion\"",
            "{\"schemaVersion\":1}|Docker schema1 is not supported",
            "{\"schemaVersion\":2}|missing \"manifests\"",
            "{\"schemaVersion\":2,\"config\":{},\"layers\":[]}|missing \"manifests\" (this is an image manifest)",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"manifests\":[]}|\"mediaType\": application/vnd.docker.distribution.manifest.v2+json is not an image index",
            "{\"schemaVersion\":2,\"manifests\":{}}|\"manifests\": expected array, got object",
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a/b\",\"digest\":\"sha256:00\",\"size\":1}]}|\"manifests[0].digest\": invalid sha256 digest",
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a/b\",\"digest\":\"" + AMD64 + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\",\"variant\":2}}]}|\"manifests[0].platform.variant\": expected string, got number",
            "{\"schemaVersion\":2,\"manifests\":[],\"annotations\":{\"k\":null}}|\"annotations.k\": expected string, got null",
    })
    void rejectsMalformedIndexesNamingTheDigestAndField(String json, String message) {
        byte[] bytes = utf8(json);
        assertThatThrownBy(() -> IndexManifest.parse(bytes))
                .isInstanceOf(MalformedContentException.class)
                .hasMessageStartingWith("parse image index " + Digest.sha256(bytes).shortForm() + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void emptyManifestsListIsValid() {
        IndexManifest index = IndexManifest.parse(utf8("{\"schemaVersion\":2,\"manifests\":null}"));
        assertThat(index.manifests()).isEmpty();
        assertThat(Fixtures.string(index.toBytes())).isEqualTo("{\"schemaVersion\":2,\"manifests\":[]}");
    }
}
