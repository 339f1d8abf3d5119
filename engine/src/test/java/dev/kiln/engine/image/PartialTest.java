package dev.kiln.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.IndexManifest;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.oci.RootFs;
import dev.kiln.engine.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartialTest {

    private final MemoryBlobSource source = new MemoryBlobSource();

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void imageFromBlobSourceReadsManifestConfigAndLayers() throws IOException {
        Image original = TestImages.image();
        source.putImage(original);
        Image read = Partial.image(source, original.descriptor());

        assertThat(read.rawManifest()).isEqualTo(original.rawManifest());
        assertThat(read.digest()).isEqualTo(original.digest());
        assertThat(read.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(read.rawConfig()).isEqualTo(original.rawConfig());
        assertThat(read.configDigest()).isEqualTo(Digest.sha256(original.rawConfig()));
        assertThat(read.config().architecture()).isEqualTo("amd64");
        assertThat(read.layers()).extracting(Layer::digest)
                .containsExactlyElementsOf(original.layers().stream().map(Layer::digest).toList());
        Layer second = original.layers().get(1);
        assertThat(read(read.layerByDigest(second.digest()).openUncompressed()))
                .isEqualTo(read(second.openUncompressed()));
        assertThat(read.layerByDiffId(second.diffId()).digest()).isEqualTo(second.digest());
    }

    @Test
    void layersOfASourceInARegistryRepositoryAreMountableFromItEvenRetyped() throws IOException {
        Image original = TestImages.image();
        source.putImage(original);
        RepositoryName repo = new RepositoryName("registry.local", "team/base");
        BlobSource inRepo = new BlobSource() {
            @Override
            public InputStream open(Descriptor descriptor) throws IOException {
                return source.open(descriptor);
            }

            @Override
            public String describe() {
                return "test repository";
            }

            @Override
            public Optional<RepositoryName> mountableFrom() {
                return Optional.of(repo);
            }
        };
        Image read = Partial.image(inRepo, original.descriptor());
        assertThat(read.layers()).allSatisfy(l -> assertThat(l.mountableFrom()).contains(repo));
        assertThat(Mutate.mediaTypes(read, ImageFormat.DOCKER).layers())
                .allSatisfy(l -> assertThat(l.mountableFrom()).contains(repo));
        assertThat(Partial.image(source, original.descriptor()).layers())
                .allSatisfy(l -> assertThat(l.mountableFrom()).isEmpty());
        assertThat(original.layers()).allSatisfy(l -> assertThat(l.mountableFrom()).isEmpty());
    }

    @Test
    void rawBytesAreAuthoritativeNotReserialisedJson() throws IOException {
        Image original = TestImages.image();
        source.putImage(original);
        byte[] config = original.rawConfig();
        // same JSON, different bytes: pretty-printed with a trailing newline
        byte[] pretty = (new io.vertx.core.json.JsonObject(new String(config, StandardCharsets.UTF_8))
                .encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8);
        Digest prettyDigest = source.put(pretty);
        Manifest m = original.manifest().withConfig(Descriptor.of(MediaType.OCI_CONFIG, prettyDigest, pretty.length));
        byte[] rawManifest = m.toBytes();
        source.put(rawManifest);
        Image read = Partial.image(source, Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(rawManifest),
                rawManifest.length));
        assertThat(read.rawConfig()).isEqualTo(pretty);
        assertThat(read.configDigest()).isEqualTo(prettyDigest);
        assertThat(read.config()).isEqualTo(original.config());
    }

    @Test
    void returnedByteArraysAreCopies() throws IOException {
        Image image = TestImages.image();
        image.rawManifest()[0] = 'X';
        image.rawConfig()[0] = 'X';
        assertThat(image.rawManifest()[0]).isEqualTo((byte) '{');
        assertThat(image.rawConfig()[0]).isEqualTo((byte) '{');
    }

    @Test
    void missingManifestIsNotFound() throws IOException {
        Descriptor d = TestImages.image().descriptor();
        assertThatThrownBy(() -> Partial.image(source, d))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("read blob " + d.digest() + " from memory source: missing");
    }

    @Test
    void manifestNotMatchingItsDigestFails() throws IOException {
        Image image = TestImages.image();
        byte[] other = new String(image.rawManifest(), StandardCharsets.UTF_8).replace("\"size\":", "\"size\" :")
                .getBytes(StandardCharsets.UTF_8);
        source.putUnder(image.digest(), other);
        Descriptor d = Descriptor.of(MediaType.OCI_MANIFEST, image.digest(), other.length);
        assertThatThrownBy(() -> Partial.image(source, d))
                .isInstanceOfSatisfying(DigestMismatchException.class,
                        e -> assertThat(e.actual()).isEqualTo(Digest.sha256(other)))
                .hasMessage("read manifest " + image.digest() + " from memory source: digest mismatch: expected "
                        + image.digest() + ", got " + Digest.sha256(other));
    }

    @Test
    void manifestLargerThanTheLimitIsRefusedBeforeReading() throws IOException {
        Descriptor huge = Descriptor.of(MediaType.OCI_MANIFEST, TestImages.image().digest(), 5L * 1024 * 1024);
        assertThatThrownBy(() -> Partial.image(source, huge))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageEndingWith(": size 5242880 exceeds the limit of 4194304 bytes");
    }

    @Test
    void configWithFewerDiffIdsThanLayersIsInvalid() throws IOException {
        Image image = TestImages.image();
        source.putImage(image);
        ImageConfig oneDiffId = image.config().withRootFs(RootFs.of(List.of(image.layers().get(0).diffId())));
        byte[] config = oneDiffId.toBytes();
        Digest configDigest = source.put(config);
        byte[] manifest = image.manifest().withConfig(Descriptor.of(MediaType.OCI_CONFIG, configDigest,
                config.length)).toBytes();
        Digest manifestDigest = source.put(manifest);
        Image read = Partial.image(source, Descriptor.of(MediaType.OCI_MANIFEST, manifestDigest, manifest.length));
        assertThatThrownBy(read::layers)
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("read layers of image " + manifestDigest
                        + " from memory source: manifest lists 2 layers but config lists 1 diff IDs");
    }

    @Test
    void anIndexIsNotAnImage() throws IOException {
        ImageIndex index = Mutate.index(ImageFormat.OCI, List.of(TestImages.image()));
        Digest d = source.put(index.rawManifest());
        assertThatThrownBy(() -> Partial.image(source, Descriptor.of(MediaType.OCI_MANIFEST, d,
                index.rawManifest().length)))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("parse manifest of image " + d + " from memory source: parse image manifest ")
                .hasMessageEndingWith("is not an image manifest");
    }

    @Test
    void layerLookupFailuresNameTheLayerAndTheImage() throws IOException {
        Image image = TestImages.image();
        Digest absent = Digest.sha256(new byte[] {1});
        assertThatThrownBy(() -> image.layerByDigest(absent))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("find layer " + absent + " in image " + image.digest() + " from memory: not in manifest");
        assertThatThrownBy(() -> image.layerByDiffId(absent))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("find layer with diff ID " + absent + " in image " + image.digest()
                        + " from memory: not in config");
    }

    @Test
    void manifestWithoutMediaTypeTakesTheTypeItWasReferencedWith() throws IOException {
        Image image = TestImages.image();
        source.putImage(image);
        byte[] noType = image.manifest().withMediaType(null).toBytes();
        Digest d = source.put(noType);
        Image read = Partial.image(source, Descriptor.of(MediaType.OCI_MANIFEST, d, noType.length));
        assertThat(read.manifest().mediaType()).isNull();
        assertThat(read.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(read.layers()).hasSize(2);
    }

    @Test
    void assembledImageMustAgreeWithItsManifest() throws IOException {
        Image image = TestImages.image();
        assertThatThrownBy(() -> Partial.image(image.rawManifest(), image.rawConfig(), image.layers().subList(0, 1)))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("assemble image " + image.digest() + " from memory: manifest lists 2 layers but 1 were given");
        assertThatThrownBy(() -> Partial.image(image.rawManifest(), "{}".getBytes(StandardCharsets.UTF_8),
                image.layers()))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("manifest names config " + image.configDigest());
        List<Layer> swapped = List.of(image.layers().get(1), image.layers().get(0));
        assertThatThrownBy(() -> Partial.image(image.rawManifest(), image.rawConfig(), swapped))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("manifest layer 0 is " + image.layers().get(0).digest());
    }

    @Test
    void indexFromBlobSourceReadsItsImagesAndPicksPlatforms() throws IOException {
        Image amd = TestImages.image(Platform.of("linux", "amd64"), ImageFormat.OCI);
        Image arm = TestImages.image(Platform.of("linux", "arm64", "v8"), ImageFormat.OCI);
        ImageIndex index = Mutate.index(ImageFormat.OCI, List.of(amd, arm));
        source.putImage(amd);
        source.putImage(arm);
        source.put(index.rawManifest());
        ImageIndex read = Partial.index(source, index.descriptor());

        assertThat(read.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(read.digest()).isEqualTo(index.digest());
        assertThat(read.image(arm.digest()).config().architecture()).isEqualTo("arm64");
        assertThat(read.imageFor(Platform.parse("linux/arm64")).digest()).isEqualTo(arm.digest());
        assertThat(read.imageFor(Platform.parse("linux/amd64")).digest()).isEqualTo(amd.digest());
        assertThatThrownBy(() -> read.imageFor(Platform.parse("linux/s390x")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("pick platform linux/s390x from index " + index.digest()
                        + ": no match; available: linux/amd64, linux/arm64/v8");
    }

    @Test
    void indexLookupOfAnUnlistedDigestIsNotFound() throws IOException {
        ImageIndex index = Mutate.index(ImageFormat.OCI, List.of(TestImages.image()));
        Digest absent = Digest.sha256(new byte[] {2});
        assertThatThrownBy(() -> index.image(absent))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("find image " + absent + " in index " + index.digest() + " from memory: not listed");
        Digest imageDigest = index.indexManifest().manifests().getFirst().digest();
        assertThatThrownBy(() -> index.imageIndex(imageDigest))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageEndingWith("it is not an index (" + MediaType.OCI_MANIFEST + ")");
    }

    @Test
    void nestedIndexesAreReadThroughTheSameSource() throws IOException {
        Image amd = TestImages.image();
        ImageIndex inner = Mutate.index(ImageFormat.OCI, List.of(amd));
        byte[] outer = IndexManifest.of(MediaType.OCI_INDEX, List.of(inner.descriptor())).toBytes();
        source.putImage(amd);
        source.put(inner.rawManifest());
        ImageIndex read = Partial.index(source, outer);
        assertThat(read.imageIndex(inner.digest()).image(amd.digest()).rawConfig()).isEqualTo(amd.rawConfig());
        assertThatThrownBy(() -> read.image(inner.digest()))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageEndingWith("it is an index (" + MediaType.OCI_INDEX + ")");
    }
}
