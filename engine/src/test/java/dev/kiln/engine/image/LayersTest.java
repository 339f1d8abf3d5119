package dev.kiln.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayersTest {

    private static final byte[] TAR = TestImages.tar(Map.of("etc/hello", "hello\n", "bin/x", "x"));

    @TempDir
    Path tmp;

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void gzipLayerFromBytesHasDigestOfBlobAndDiffIdOfTar() throws IOException {
        Layer layer = Layers.fromTarBytes(TAR, LayerCompression.gzip());
        byte[] blob = read(layer.openCompressed());
        assertThat(layer.mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        assertThat(layer.digest()).isEqualTo(Digest.sha256(blob));
        assertThat(layer.size()).isEqualTo(blob.length);
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(TAR));
        assertThat(read(new GZIPInputStream(new ByteArrayInputStream(blob)))).isEqualTo(TAR);
        assertThat(read(layer.openUncompressed())).isEqualTo(TAR);
    }

    @Test
    void zstdLayerDecompressesToTheTar() throws IOException {
        Layer layer = Layers.fromTarBytes(TAR, LayerCompression.zstd());
        byte[] blob = read(layer.openCompressed());
        assertThat(layer.mediaType()).isEqualTo(MediaType.OCI_LAYER_ZSTD);
        assertThat(blob).startsWith((byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd);
        assertThat(layer.digest()).isEqualTo(Digest.sha256(blob));
        assertThat(read(layer.openUncompressed())).isEqualTo(TAR);
    }

    @Test
    void uncompressedLayerHasDigestEqualToDiffId() throws IOException {
        Layer layer = Layers.fromTarBytes(TAR, LayerCompression.none());
        assertThat(layer.mediaType()).isEqualTo(MediaType.OCI_LAYER);
        assertThat(layer.digest()).isEqualTo(layer.diffId());
        assertThat(read(layer.openCompressed())).isEqualTo(TAR);
    }

    @Test
    void layerFromTarFileWritesItsBlobOnceNamedByDigest() throws IOException {
        Path tar = Files.write(tmp.resolve("layer.tar"), TAR);
        Path blobs = tmp.resolve("blobs");
        Layer layer = Layers.fromTar(tar, LayerCompression.gzip(1), blobs);
        Path blob = blobs.resolve(layer.digest().encoded());
        assertThat(blob).exists();
        assertThat(Digest.sha256(Files.readAllBytes(blob))).isEqualTo(layer.digest());
        assertThat(Files.size(blob)).isEqualTo(layer.size());
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(TAR));
        assertThat(read(layer.openUncompressed())).isEqualTo(TAR);
        assertThat(read(layer.openCompressed())).isEqualTo(Files.readAllBytes(blob));

        Layer again = Layers.fromTar(tar, LayerCompression.gzip(1), blobs);
        assertThat(again.digest()).isEqualTo(layer.digest());
        try (var files = Files.list(blobs)) {
            assertThat(files).containsExactly(blob);
        }
    }

    @Test
    void layerFromTarFileWithoutCompressionWritesNothing() throws IOException {
        Path tar = Files.write(tmp.resolve("layer.tar"), TAR);
        Layer layer = Layers.fromTar(tar, LayerCompression.none(), tmp.resolve("blobs"));
        assertThat(layer.digest()).isEqualTo(Digest.sha256(TAR)).isEqualTo(layer.diffId());
        assertThat(layer.size()).isEqualTo(TAR.length);
        assertThat(tmp.resolve("blobs")).doesNotExist();
    }

    @Test
    void layerFromTarFileDetectsTheTarChangingAfterwards() throws IOException {
        Path tar = Files.write(tmp.resolve("layer.tar"), TAR);
        Layer layer = Layers.fromTar(tar, LayerCompression.gzip(), tmp.resolve("blobs"));
        Files.write(tar, TestImages.tar(Map.of("etc/hello", "changed")));
        assertThatThrownBy(() -> read(layer.openUncompressed()))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("read uncompressed layer " + layer.digest())
                .hasMessageContaining("expected " + layer.diffId());
    }

    @Test
    void missingTarFileFailsAndLeavesNoTempFile() throws IOException {
        Path blobs = Files.createDirectories(tmp.resolve("blobs"));
        assertThatThrownBy(() -> Layers.fromTar(tmp.resolve("absent.tar"), LayerCompression.gzip(), blobs))
                .isInstanceOf(IOException.class);
        try (var files = Files.list(blobs)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void blobFileLayerVerifiesTheBlobWhileStreaming() throws IOException {
        Layer good = Layers.fromTarBytes(TAR, LayerCompression.gzip());
        Path file = Files.write(tmp.resolve("blob"), read(good.openCompressed()));
        Layer fromFile = Layers.fromBlobFile(file, good.descriptor(), good.diffId());
        assertThat(read(fromFile.openUncompressed())).isEqualTo(TAR);

        byte[] corrupt = Files.readAllBytes(file);
        corrupt[corrupt.length / 2] ^= 1;
        Files.write(file, corrupt);
        assertThatThrownBy(() -> read(fromFile.openCompressed()))
                .isInstanceOfSatisfying(DigestMismatchException.class,
                        e -> assertThat(e.expected()).isEqualTo(good.digest()))
                .hasMessageStartingWith("read layer blob " + good.digest() + " from file " + file);
    }

    @Test
    void readingTheUncompressedTarAlsoVerifiesTheCompressedBlob() throws IOException {
        Layer good = Layers.fromTarBytes(TAR, LayerCompression.gzip());
        byte[] blob = read(good.openCompressed());
        byte[] withTrailer = java.util.Arrays.copyOf(blob, blob.length + 3);
        Path file = Files.write(tmp.resolve("blob"), withTrailer);
        Descriptor lying = Descriptor.of(MediaType.OCI_LAYER_GZIP, good.digest(), withTrailer.length);
        Layer layer = Layers.fromBlobFile(file, lying, good.diffId());
        assertThatThrownBy(() -> read(layer.openUncompressed()))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageStartingWith("read layer blob " + good.digest());
    }

    @Test
    void missingBlobFileIsNotFound() {
        Layer good = Layers.fromTarBytes(TAR, LayerCompression.gzip());
        Path absent = tmp.resolve("absent");
        Layer layer = Layers.fromBlobFile(absent, good.descriptor(), good.diffId());
        assertThatThrownBy(layer::openCompressed)
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("read layer " + good.digest() + " from file " + absent + ": missing");
    }

    @Test
    void decompressionSniffsGzipEvenWhenTheMediaTypeSaysPlainTar() throws IOException {
        Layer gz = Layers.fromTarBytes(TAR, LayerCompression.gzip());
        Path file = Files.write(tmp.resolve("blob"), read(gz.openCompressed()));
        Descriptor mislabelled = Descriptor.of(MediaType.OCI_LAYER, gz.digest(), gz.size());
        Layer layer = Layers.fromBlobFile(file, mislabelled, gz.diffId());
        assertThat(read(layer.openUncompressed())).isEqualTo(TAR);
    }

    @Test
    void withMediaTypeKeepsBytesAndChangesOnlyTheType() throws IOException {
        Layer oci = Layers.fromTarBytes(TAR, LayerCompression.gzip());
        Layer docker = Layers.withMediaType(oci, MediaType.DOCKER_LAYER);
        assertThat(docker.mediaType()).isEqualTo(MediaType.DOCKER_LAYER);
        assertThat(docker.descriptor().mediaType()).isEqualTo(MediaType.DOCKER_LAYER);
        assertThat(docker.digest()).isEqualTo(oci.digest());
        assertThat(read(docker.openCompressed())).isEqualTo(read(oci.openCompressed()));
    }

    @Test
    void withMediaTypeRefusesAnotherCompression() {
        Layer gz = Layers.fromTarBytes(TAR, LayerCompression.gzip());
        assertThatThrownBy(() -> Layers.withMediaType(gz, MediaType.OCI_LAYER_ZSTD))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("change media type of layer " + gz.digest() + " from " + MediaType.OCI_LAYER_GZIP
                        + " to " + MediaType.OCI_LAYER_ZSTD + ": compression differs (GZIP vs ZSTD)");
        assertThatThrownBy(() -> Layers.withMediaType(gz, MediaType.OCI_CONFIG))
                .hasMessageEndingWith(": not a layer media type");
    }

    @Test
    void compressionLevelsAreChecked() {
        assertThatThrownBy(() -> LayerCompression.gzip(0)).hasMessage("gzip level must be 1-9, got 0");
        assertThatThrownBy(() -> LayerCompression.zstd(23)).hasMessage("zstd level must be 1-22, got 23");
    }
}
