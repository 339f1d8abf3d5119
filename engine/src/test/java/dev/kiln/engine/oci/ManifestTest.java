package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.kiln.engine.oci.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {

    private static final String CONFIG = "sha256:b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910";
    private static final String LAYER1 = "sha256:77ea7eee3d80b1a38f83906dd3048e2689457eb90e18a7d12f839c5ae37106a2";
    private static final String LAYER2 = "sha256:95cf1a2e1698fe3ca1fcc3f653119146b271d0b62e487ec264441e886a11bd06";

    @Test
    void parsesADockerHubManifest() {
        Manifest m = Manifest.parse(Fixtures.bytes("docker-hub-manifest.json"));
        assertThat(m.schemaVersion()).isEqualTo(2);
        assertThat(m.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(m.config()).isEqualTo(Descriptor.of(MediaType.DOCKER_CONFIG, Digest.parse(CONFIG), 1472));
        assertThat(m.layers()).extracting(Descriptor::digest).extracting(Digest::toString).containsExactly(LAYER1, LAYER2);
        assertThat(m.layers().get(1).size()).isEqualTo(31_457_280_123L);
        assertThat(m.layers()).allSatisfy(l -> assertThat(l.mediaType().compression()).isEqualTo(MediaType.Compression.GZIP));
        assertThat(m.subject()).isNull();
        assertThat(m.annotations()).isEmpty();
        assertThat(m.extra().isEmpty()).isTrue();
    }

    @Test
    void writesCompactJsonInTheDocumentedOrder() {
        Manifest m = Manifest.parse(Fixtures.bytes("docker-hub-manifest.json"));
        assertThat(Fixtures.string(m.toBytes())).isEqualTo("{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + CONFIG
                + "\",\"size\":1472},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\""
                + LAYER1 + "\",\"size\":2818413},"
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\"" + LAYER2
                + "\",\"size\":31457280123}]}");
    }

    @Test
    void roundTripsToAnEqualRecord() {
        for (String name : List.of("docker-hub-manifest.json", "windows-foreign-manifest.json", "umoci-manifest.json")) {
            Manifest m = Manifest.parse(Fixtures.bytes(name));
            assertThat(Manifest.parse(m.toBytes())).as(name).isEqualTo(m);
        }
    }

    @Test
    void umociManifestWithoutMediaTypeParsesAndIsReproducedByteForByte() {
        byte[] bytes = Fixtures.bytes("umoci-manifest.json");
        Manifest m = Manifest.parse(bytes);
        assertThat(m.mediaType()).isNull();
        assertThat(m.config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
        assertThat(m.toBytes()).isEqualTo(bytes);
        assertThat(m.digest()).isEqualTo(Digest.sha256(bytes));
        assertThat(m.descriptor()).isEqualTo(Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(bytes), bytes.length));
    }

    @Test
    void toleratesSurroundingWhitespaceAndATrailingNewline() {
        byte[] bytes = Fixtures.bytes("umoci-manifest.json");
        byte[] withNewline = utf8(" \n" + Fixtures.string(bytes) + "\n");
        assertThat(Manifest.parse(withNewline)).isEqualTo(Manifest.parse(bytes));
    }

    @Test
    void foreignLayersKeepTheirUrls() {
        Manifest m = Manifest.parse(Fixtures.bytes("windows-foreign-manifest.json"));
        Descriptor foreign = m.layers().getFirst();
        assertThat(foreign.mediaType()).isEqualTo(MediaType.DOCKER_FOREIGN_LAYER);
        assertThat(foreign.mediaType().isDistributable()).isFalse();
        assertThat(foreign.urls()).singleElement().asString().startsWith("https://mcr.microsoft.com/");
        assertThat(m.layers().get(1).urls()).isEmpty();
        assertThat(Fixtures.string(m.toBytes())).containsOnlyOnce("\"urls\"").doesNotContain("null");
    }

    @Test
    void digestIsStableAcrossFormattingAndCalls() {
        Manifest pretty = Manifest.parse(Fixtures.bytes("docker-hub-manifest.json"));
        Manifest compact = Manifest.parse(pretty.toBytes());
        assertThat(pretty.toBytes()).isEqualTo(pretty.toBytes());
        assertThat(compact.digest()).isEqualTo(pretty.digest());
        assertThat(pretty.digest()).isNotEqualTo(Digest.sha256(Fixtures.bytes("docker-hub-manifest.json")));
    }

    @Test
    void keepsUnknownFieldsSortedAfterTheModelledOnes() {
        String json = "{\"zeta\":{\"b\":1,\"a\":[true,null,1.5]},\"schemaVersion\":2,\"alpha\":\"x\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG
                + "\",\"size\":3,\"data\":\"e30=\"},\"layers\":[]}";
        Manifest m = Manifest.parse(utf8(json));
        assertThat(m.extra().fieldNames()).containsExactly("alpha", "zeta");
        assertThat(m.config().extra().getString("data")).isEqualTo("e30=");
        assertThat(Fixtures.string(m.toBytes())).isEqualTo("{\"schemaVersion\":2,"
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG
                + "\",\"size\":3,\"data\":\"e30=\"},\"layers\":[],"
                + "\"alpha\":\"x\",\"zeta\":{\"a\":[true,null,1.5],\"b\":1}}");
        assertThat(Manifest.parse(m.toBytes())).isEqualTo(m);
    }

    @Test
    void readsNullsAsAbsentAndOmitsEmptyFields() {
        String json = "{\"schemaVersion\":2,\"mediaType\":null,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + CONFIG + "\",\"size\":3,\"urls\":null,\"annotations\":{}},\"layers\":null,"
                + "\"annotations\":null,\"subject\":null}";
        Manifest m = Manifest.parse(utf8(json));
        assertThat(m.layers()).isEmpty();
        assertThat(Fixtures.string(m.toBytes())).isEqualTo("{\"schemaVersion\":2,\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":3},\"layers\":[]}");
    }

    @Test
    void writesArtifactSubjectAndAnnotationsWithGoEscaping() {
        Descriptor config = Descriptor.of(MediaType.OCI_EMPTY, Digest.sha256(utf8("{}")), 2);
        Descriptor subject = Descriptor.of(MediaType.OCI_MANIFEST, Digest.parse(LAYER1), 100);
        Manifest m = Manifest.of(MediaType.OCI_MANIFEST, config, List.of())
                .withSubject(subject)
                .withAnnotations(Map.of("b", "x<y>&z", "a", "1"));
        Manifest withType = new Manifest(2, m.mediaType(), MediaType.of("application/vnd.example+json"), m.config(),
                m.layers(), m.subject(), m.annotations(), null);
        String text = Fixtures.string(withType.toBytes());
        assertThat(text).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.example+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + Digest.sha256(utf8("{}")) + "\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + LAYER1
                + "\",\"size\":100},"
                + "\"annotations\":{\"a\":\"1\",\"b\":\"x\\u003cy\\u003e\\u0026z\"}}");
        assertThat(Manifest.parse(withType.toBytes())).isEqualTo(withType);
    }

    @Test
    void withersReturnNewValuesAndLeaveTheOriginal() {
        Manifest m = Manifest.parse(Fixtures.bytes("docker-hub-manifest.json"));
        Manifest changed = m.withLayers(List.of(m.layers().getFirst())).withMediaType(MediaType.OCI_MANIFEST)
                .withConfig(m.config().withMediaType(MediaType.OCI_CONFIG));
        assertThat(m.layers()).hasSize(2);
        assertThat(changed.layers()).hasSize(1);
        assertThat(changed.config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
        assertThat(changed.digest()).isNotEqualTo(m.digest());
    }

    @Test
    void isDeeplyImmutable() {
        Manifest m = Manifest.parse(utf8("{\"schemaVersion\":2,\"x\":{\"y\":1},\"config\":{\"mediaType\":\"a/b\","
                + "\"digest\":\"" + CONFIG + "\",\"size\":1},\"layers\":[]}"));
        assertThatThrownBy(() -> m.layers().add(m.config())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.annotations().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
        m.extra().put("x", "changed");
        m.extra().getJsonObject("x").put("y", 2);
        assertThat(m.extra().getJsonObject("x").getInteger("y")).isEqualTo(1);
    }

    @Test
    void constructorRejectsExtraFieldsThatShadowModelledOnes() {
        Descriptor config = Descriptor.of(MediaType.OCI_CONFIG, Digest.parse(CONFIG), 1);
        assertThatThrownBy(() -> new Manifest(2, null, null, config, List.of(), null, Map.of(),
                new JsonObject().put("layers", new JsonArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("manifest extra fields must not contain the modelled field \"layers\"");
        assertThatThrownBy(() -> new Manifest(1, null, null, config, List.of(), null, Map.of(), null))
                .hasMessage("image manifest: unsupported schemaVersion 1");
    }

    /** Each bad document and the message after the {@code parse image manifest sha256:...: } prefix. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{|invalid JSON:",
            "[]|expected a JSON object, got array",
            "\"x\"|expected a JSON object, got string",
            "{}|missing \"schemaVersion\"",
            "{\"schemaVersion\":\"2\"}|\"schemaVersion\": expected integer, got string",
            "{\"schemaVersion\":2.0}|\"schemaVersion\": expected integer, got 2.0",
            "{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}|\"schemaVersion\": Docker schema1 is not supported (schemaVersion 1)",
            "{\"schemaVersion\":3}|\"schemaVersion\": unsupported schemaVersion 3 (expected 2)",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}|\"mediaType\": application/vnd.oci.image.index.v1+json is not an image manifest",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\"}|is not an image manifest",
            "{\"schemaVersion\":2,\"mediaType\":\"\"}|\"mediaType\": blank media type",
            "{\"schemaVersion\":2,\"mediaType\":7}|\"mediaType\": expected string, got number",
            "{\"schemaVersion\":2}|missing \"config\"",
            "{\"schemaVersion\":2,\"manifests\":[]}|missing \"config\" (this is an image index)",
            "{\"schemaVersion\":2,\"config\":[]}|\"config\": expected object, got array",
            "{\"schemaVersion\":2,\"config\":{\"digest\":\"DIG\",\"size\":1}}|missing \"config.mediaType\"",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"size\":1}}|missing \"config.digest\"",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"DIG\"}}|missing \"config.size\"",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:abc\",\"size\":1}}|\"config.digest\": invalid sha256 digest: expected 64 lower-case hex characters, got 'abc'",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"DIG\",\"size\":-1}}|\"config.size\": negative size -1",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"DIG\",\"size\":1.5}}|\"config.size\": expected integer, got 1.5",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"DIG\",\"size\":99999999999999999999}}|\"config.size\": integer out of range: 99999999999999999999",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"DIG\",\"size\":1,\"urls\":\"u\"}}|\"config.urls\": expected array of strings, got string",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"DIG\",\"size\":1,\"urls\":[1]}}|\"config.urls[0]\": expected string, got number",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"DIG\",\"size\":1,\"platform\":{\"os\":\"linux\"}}}|missing \"config.platform.architecture\"",
            "{\"schemaVersion\":2,\"config\":CFG,\"layers\":{}}|\"layers\": expected array, got object",
            "{\"schemaVersion\":2,\"config\":CFG,\"layers\":[CFG,3]}|\"layers[1]\": expected object, got number",
            "{\"schemaVersion\":2,\"config\":CFG,\"layers\":[CFG,{\"mediaType\":\"a/b\",\"digest\":\"DIG\",\"size\":\"1\"}]}|\"layers[1].size\": expected integer, got string",
            "{\"schemaVersion\":2,\"config\":CFG,\"annotations\":{\"a\":1}}|\"annotations.a\": expected string, got number",
            "{\"schemaVersion\":2,\"config\":CFG,\"annotations\":[]}|\"annotations\": expected object of strings, got array",
            "{\"schemaVersion\":2,\"config\":CFG,\"subject\":\"x\"}|\"subject\": expected object, got string",
            "{\"schemaVersion\":2,\"config\":CFG,\"subject\":{}}|missing \"subject.mediaType\"",
            "{\"schemaVersion\":2,\"config\":CFG,\"artifactType\":false}|\"artifactType\": expected string, got boolean",
    })
    void rejectsMalformedManifestsNamingTheDigestAndField(String template, String message) {
        String json = template.replace("CFG", "{\"mediaType\":\"a/b\",\"digest\":\"DIG\",\"size\":1}")
                .replace("DIG", CONFIG);
        byte[] bytes = utf8(json);
        assertThatThrownBy(() -> Manifest.parse(bytes))
                .isInstanceOf(MalformedContentException.class)
                .hasMessageStartingWith("parse image manifest " + Digest.sha256(bytes).shortForm() + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void malformedContentNamesTheFieldPath() {
        byte[] bytes = utf8("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + CONFIG
                + "\",\"size\":true}}");
        assertThatThrownBy(() -> Manifest.parse(bytes))
                .isInstanceOfSatisfying(MalformedContentException.class,
                        e -> assertThat(e.field()).isEqualTo("config.size"));
    }
}
