package dev.kiln.engine.layer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.testkit.process.Command;
import dev.kiln.engine.oci.MediaType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionTest {

    @TempDir
    Path dir;

    static final byte[] TEXT = "hello layer\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @Test
    void detectsGzipZstdAndPlainByMagicNotByName() throws IOException {
        for (Compression c : new Compression[] {Compression.GZIP, Compression.ZSTD, Compression.NONE}) {
            byte[] blob = compress(c, TEXT, 1);
            Compression.Detected d = Compression.open(new ByteArrayInputStream(blob));
            assertThat(d.compression()).isSameAs(c);
            assertThat(d.stream().readAllBytes()).isEqualTo(TEXT);
        }
    }

    @Test
    void detectsAShortOrEmptyStreamAsUncompressed() throws IOException {
        assertThat(Compression.open(new ByteArrayInputStream(new byte[0])).compression()).isSameAs(Compression.NONE);
        Compression.Detected d = Compression.open(new ByteArrayInputStream(new byte[] {0x1f}));
        assertThat(d.compression()).isSameAs(Compression.NONE);
        assertThat(d.stream().readAllBytes()).containsExactly(0x1f);
    }

    @Test
    void readsGzipWrittenByTheJdk() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(TEXT);
        }
        assertThat(Compression.open(new ByteArrayInputStream(bytes.toByteArray())).stream().readAllBytes()).isEqualTo(TEXT);
    }

    @Test
    void mapsMediaTypesAndNames() {
        assertThat(Compression.of(MediaType.OCI_LAYER_ZSTD.compression())).isSameAs(Compression.ZSTD);
        assertThat(Compression.of(MediaType.DOCKER_LAYER.compression())).isSameAs(Compression.GZIP);
        assertThat(Compression.of(MediaType.OCI_LAYER.compression())).isSameAs(Compression.NONE);
        assertThat(Compression.parse("GZIP")).isSameAs(Compression.GZIP);
        assertThat(Compression.parse("uncompressed")).isSameAs(Compression.NONE);
        assertThatThrownBy(() -> Compression.parse("brotli"))
                .hasMessage("compression 'brotli': expected gzip, zstd or none");
    }

    @Test
    void rejectsLevelsOutsideEachFormatsRange() {
        assertThat(Compression.GZIP.effectiveLevel(-1)).isEqualTo(6);
        assertThat(Compression.ZSTD.effectiveLevel(-1)).isEqualTo(3);
        assertThatThrownBy(() -> Compression.GZIP.effectiveLevel(10))
                .hasMessage("gzip compression level 10: expected 0 to 9 or -1 for the default (6)");
        assertThatThrownBy(() -> Compression.ZSTD.effectiveLevel(0))
                .hasMessage("zstd compression level 0: expected 1 to 22 or -1 for the default (3)");
    }

    @Test
    void zstdRoundTripsWithChecksumAndTheSameBytesForAnyWorkerCount() throws IOException {
        byte[] data = Data.compressible(6 << 20);
        byte[] one = compress(Compression.ZSTD, data, 1);
        byte[] two = compress(Compression.ZSTD, data, 2);
        byte[] four = compress(Compression.ZSTD, data, 4);
        assertThat(two).isEqualTo(one);
        assertThat(four).isEqualTo(one);
        assertThat(Compression.ZSTD.decompress(new ByteArrayInputStream(one)).readAllBytes()).isEqualTo(data);
    }

    @Test
    void zstdOutputPassesTheZstdTool() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zstd")) || Files.isExecutable(Path.of("/bin/zstd")),
                "zstd is not installed");
        Path f = dir.resolve("x.zst");
        Files.write(f, compress(Compression.ZSTD, Data.random(3 << 20, 7), 2));
        Command.of("zstd", "-t", "-q", f.toString()).check();
    }

    @Test
    void corruptZstdFailsWhenRead() throws IOException {
        byte[] blob = compress(Compression.ZSTD, TEXT, 1);
        blob[blob.length - 2] ^= 0x55; // inside the content checksum
        assertThatThrownBy(() -> Compression.ZSTD.decompress(new ByteArrayInputStream(blob)).readAllBytes())
                .isInstanceOf(IOException.class);
    }

    @Test
    void uncompressedPassesBytesThrough() throws IOException {
        assertThat(compress(Compression.NONE, TEXT, 4)).isEqualTo(TEXT);
        InputStream in = new ByteArrayInputStream(TEXT);
        assertThat(Compression.NONE.decompress(in)).isSameAs(in);
    }

    static byte[] compress(Compression c, byte[] data, int threads) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.compress(bytes, Compression.DEFAULT_LEVEL, threads)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
