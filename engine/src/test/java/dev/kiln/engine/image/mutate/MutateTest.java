package dev.kiln.engine.image.mutate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.LayerCompression;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.History;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MutateTest {

    private static final Platform AMD64 = Platform.of("linux", "amd64");

    @Test
    void emptyImageHasNoLayersAndTheFormatsMediaTypes() {
        Image oci = Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI);
        assertThat(oci.layers()).isEmpty();
        assertThat(oci.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(oci.manifest().config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
        assertThat(oci.configDigest()).isEqualTo(Digest.sha256(oci.rawConfig()));

        Image docker = Mutate.empty(TestImages.config(AMD64), ImageFormat.DOCKER);
        assertThat(docker.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(docker.manifest().config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
    }

    @Test
    void emptyImageRefusesAConfigWithDiffIds() {
        ImageConfig withLayer = TestImages.config(AMD64).withLayer(Digest.sha256(new byte[0]), History.of(null, "x"));
        assertThatThrownBy(() -> Mutate.empty(withLayer, ImageFormat.OCI))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("make empty image: config lists 1 diff IDs but there are no layers");
    }

    @Test
    void appendLayersAddsDescriptorsDiffIdsAndHistoryWithoutChangingTheBase() {
        Image base = Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI);
        byte[] baseManifest = base.rawManifest();
        Layer a = TestImages.layer("a", "a");
        Layer b = TestImages.layer("b", "b");
        Image image = Mutate.appendLayers(base, List.of(a, b),
                List.of(History.of(TestImages.CREATED, "COPY a /"), History.of(TestImages.CREATED, "COPY b /")));

        assertThat(image.manifest().layers()).extracting(Descriptor::digest).containsExactly(a.digest(), b.digest());
        assertThat(image.config().diffIds()).containsExactly(a.diffId(), b.diffId());
        assertThat(image.config().history()).extracting(History::createdBy).containsExactly("COPY a /", "COPY b /");
        assertThat(image.layerByDiffId(b.diffId()).digest()).isEqualTo(b.digest());
        assertThat(base.rawManifest()).isEqualTo(baseManifest);
        assertThat(base.layers()).isEmpty();
    }

    @Test
    void appendedLayersTakeTheBasesMediaTypeFamily() {
        Image base = Mutate.empty(TestImages.config(AMD64), ImageFormat.DOCKER);
        Image image = Mutate.appendLayers(base, List.of(TestImages.layer("a", "a")));
        assertThat(image.manifest().layers().getFirst().mediaType()).isEqualTo(MediaType.DOCKER_LAYER);
        assertThat(image.layers().getFirst().mediaType()).isEqualTo(MediaType.DOCKER_LAYER);
    }

    @Test
    void appendLayersNeedsOneHistoryEntryPerLayer() {
        Image base = Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI);
        assertThatThrownBy(() -> Mutate.appendLayers(base, List.of(TestImages.layer("a", "a")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("append 1 layers with 0 history entries: need one per layer");
    }

    @Test
    void mediaTypesConvertsManifestConfigAndLayersButKeepsTheBytes() {
        Image oci = TestImages.image();
        Image docker = Mutate.mediaTypes(oci, ImageFormat.DOCKER);

        assertThat(docker.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(docker.manifest().config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
        assertThat(docker.manifest().layers()).extracting(Descriptor::mediaType)
                .containsOnly(MediaType.DOCKER_LAYER);
        assertThat(docker.rawConfig()).isEqualTo(oci.rawConfig());
        assertThat(docker.configDigest()).isEqualTo(oci.configDigest());
        assertThat(docker.layers()).extracting(Layer::digest)
                .containsExactlyElementsOf(oci.layers().stream().map(Layer::digest).toList());
        assertThat(docker.digest()).isNotEqualTo(oci.digest());

        Image back = Mutate.mediaTypes(docker, ImageFormat.OCI);
        assertThat(back.rawManifest()).isEqualTo(oci.rawManifest());
    }

    @Test
    void zstdLayersHaveNoDockerMediaType() {
        Layer zstd = Layers.fromTarBytes(TestImages.tar(Map.of("z", "z")), LayerCompression.zstd());
        Image image = Mutate.appendLayers(Mutate.empty(TestImages.config(AMD64), ImageFormat.OCI), List.of(zstd));
        assertThatThrownBy(() -> Mutate.mediaTypes(image, ImageFormat.DOCKER))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("convert layer " + zstd.digest() + " (" + MediaType.OCI_LAYER_ZSTD
                        + ") to DOCKER media types: Docker schema 2 has no zstd layer type");
    }

    @Test
    void configReplacesSettingsAndKeepsLayers() {
        Image base = TestImages.image();
        ImageConfig changed = base.config().withConfig(base.config().config().withUser("1000"));
        Image image = Mutate.config(base, changed);
        assertThat(image.config().config().user()).isEqualTo("1000");
        assertThat(image.layers()).extracting(Layer::digest)
                .containsExactlyElementsOf(base.layers().stream().map(Layer::digest).toList());
        assertThat(base.config().config().user()).isEmpty();
    }

    @Test
    void configMustListTheImagesDiffIds() {
        Image base = TestImages.image();
        ImageConfig noLayers = TestImages.config(AMD64);
        assertThatThrownBy(() -> Mutate.config(base, noLayers))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("set config of " + base.digest()
                        + ": config lists 0 diff IDs that differ from the image's 2 layers");
    }

    @Test
    void indexListsEachImageWithThePlatformOfItsConfig() {
        Image amd = TestImages.image(AMD64, ImageFormat.OCI);
        Image arm = TestImages.image(Platform.of("linux", "arm64", "v8"), ImageFormat.OCI);
        ImageIndex index = Mutate.index(ImageFormat.OCI, List.of(amd, arm));

        assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(index.indexManifest().manifests()).extracting(d -> d.platform().toString())
                .containsExactly("linux/amd64", "linux/arm64/v8");
        assertThat(index.indexManifest().manifests()).extracting(Descriptor::digest)
                .containsExactly(amd.digest(), arm.digest());
        assertThat(index.image(arm.digest())).isSameAs(arm);
        assertThat(Mutate.index(ImageFormat.DOCKER, List.of(amd)).mediaType())
                .isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
    }
}
