package dev.kiln.engine.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaTypeTest {

    /** Columns: type | index | manifest | config | layer | distributable | docker | schema1 | compression. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "application/vnd.oci.image.manifest.v1+json|false|true|false|false|true|false|false|NONE",
            "application/vnd.oci.image.index.v1+json|true|false|false|false|true|false|false|NONE",
            "application/vnd.oci.image.config.v1+json|false|false|true|false|true|false|false|NONE",
            "application/vnd.oci.image.layer.v1.tar|false|false|false|true|true|false|false|NONE",
            "application/vnd.oci.image.layer.v1.tar+gzip|false|false|false|true|true|false|false|GZIP",
            "application/vnd.oci.image.layer.v1.tar+zstd|false|false|false|true|true|false|false|ZSTD",
            "application/vnd.oci.image.layer.nondistributable.v1.tar|false|false|false|true|false|false|false|NONE",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip|false|false|false|true|false|false|false|GZIP",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd|false|false|false|true|false|false|false|ZSTD",
            "application/vnd.oci.empty.v1+json|false|false|false|false|true|false|false|NONE",
            "application/vnd.docker.distribution.manifest.v2+json|false|true|false|false|true|true|false|NONE",
            "application/vnd.docker.distribution.manifest.list.v2+json|true|false|false|false|true|true|false|NONE",
            "application/vnd.docker.container.image.v1+json|false|false|true|false|true|true|false|NONE",
            "application/vnd.docker.image.rootfs.diff.tar.gzip|false|false|false|true|true|true|false|GZIP",
            "application/vnd.docker.image.rootfs.diff.tar|false|false|false|true|true|true|false|NONE",
            "application/vnd.docker.image.rootfs.diff.tar.zstd|false|false|false|true|true|true|false|ZSTD",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip|false|false|false|true|false|true|false|GZIP",
            "application/vnd.docker.plugin.v1+json|false|false|false|false|true|true|false|NONE",
            "application/vnd.docker.distribution.manifest.v1+json|false|false|false|false|true|true|true|NONE",
            "application/vnd.docker.distribution.manifest.v1+prettyjws|false|false|false|false|true|true|true|NONE",
            "application/vnd.in-toto+json|false|false|false|false|true|false|false|NONE",
    })
    void classifiesKnownTypes(String value, boolean index, boolean manifest, boolean config, boolean layer,
                              boolean distributable, boolean docker, boolean schema1,
                              MediaType.Compression compression) {
        MediaType t = MediaType.of(value);
        assertThat(t.isIndex()).as("isIndex").isEqualTo(index);
        assertThat(t.isManifest()).as("isManifest").isEqualTo(manifest);
        assertThat(t.isConfig()).as("isConfig").isEqualTo(config);
        assertThat(t.isLayer()).as("isLayer").isEqualTo(layer);
        assertThat(t.isDistributable()).as("isDistributable").isEqualTo(distributable);
        assertThat(t.isDocker()).as("isDocker").isEqualTo(docker);
        assertThat(t.isSchema1()).as("isSchema1").isEqualTo(schema1);
        assertThat(t.compression()).as("compression").isEqualTo(compression);
    }

    @Test
    void constantsHaveTheSpecValues() {
        assertThat(MediaType.OCI_MANIFEST.value()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(MediaType.DOCKER_LAYER_GZIP).isSameAs(MediaType.DOCKER_LAYER);
        assertThat(MediaType.DOCKER_FOREIGN_LAYER.value())
                .isEqualTo("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
    }

    @Test
    void classificationIgnoresParametersAndCase() {
        MediaType t = MediaType.of("Application/VND.oci.image.manifest.v1+json; charset=utf-8");
        assertThat(t.isManifest()).isTrue();
        assertThat(t.essence()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(t.sameEssence(MediaType.OCI_MANIFEST)).isTrue();
        assertThat(t).isNotEqualTo(MediaType.OCI_MANIFEST); // equality is exact
    }

    @Test
    void keepsUnknownTypesVerbatim() {
        MediaType t = MediaType.of("application/vnd.example.thing+json");
        assertThat(t).hasToString("application/vnd.example.thing+json");
        assertThat(t.isLayer() || t.isConfig() || t.isManifest() || t.isIndex()).isFalse();
    }

    @Test
    void rejectsBlank() {
        assertThatThrownBy(() -> MediaType.of(" ")).hasMessage("invalid media type: blank");
        assertThatThrownBy(() -> MediaType.of(null)).isInstanceOf(NullPointerException.class);
    }
}
