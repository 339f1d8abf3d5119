package dev.kiln.engine.layer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.testkit.process.Command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParallelGzipOutputStreamTest {

    static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;

    @TempDir
    Path dir;

    static Stream<Arguments> sizes() {
        return Stream.of(0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 10_000_000)
                .flatMap(size -> Stream.of(Arguments.of(size, "random"), Arguments.of(size, "compressible")));
    }

    @ParameterizedTest(name = "{0} bytes {1}")
    @MethodSource("sizes")
    void decompressesToTheInputAndIsTheSameForOneOrManyThreads(int size, String kind) throws Exception {
        byte[] data = kind.equals("random") ? Data.random(size, size) : Data.compressible(size);
        byte[] one = gzip(data, 6, 1);
        byte[] four = gzip(data, 6, 4);
        assertThat(four).as("bytes do not depend on the thread count").isEqualTo(one);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(one)).readAllBytes()).isEqualTo(data);
        assertTrailer(one, data);
        Path f = dir.resolve("x.gz");
        Files.write(f, four);
        Command.of("gzip", "-t", f.toString()).check();
    }

    @Test
    void isOneGzipMemberAcceptedByGzipBusyboxAndPython() throws Exception {
        byte[] data = Data.compressible(3 * BLOCK + 12345);
        Path f = dir.resolve("layer.gz");
        Files.write(f, gzip(data, 9, 2));
        assertThat(Command.of("gzip", "-dc", f.toString()).check().stdout().length()).isEqualTo(data.length);
        // gzip -l lists one member with the whole uncompressed size
        assertThat(Command.of("gzip", "-lq", f.toString()).check().stdout()).contains(Integer.toString(data.length));
        if (Files.isExecutable(Path.of("/bin/busybox"))) {
            Command.of("/bin/busybox", "gunzip", "-t", f.toString()).check();
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || Files.isExecutable(Path.of("/bin/python3")),
                "python3 is not installed");
        // Python's zlib with wbits=31 reads exactly one member and reports unused data after it
        String py = "import zlib,sys;d=zlib.decompressobj(31);b=open(sys.argv[1],'rb').read();"
                + "o=d.decompress(b)+d.flush();print(len(o),d.eof,len(d.unused_data))";
        assertThat(Command.of("python3", "-c", py, f.toString()).check().stdout().strip()).isEqualTo(data.length + " True 0");
    }

    @Test
    void writesADeterministicHeader() throws IOException {
        byte[] gz = gzip(new byte[] {1, 2, 3}, 1, 1);
        assertThat(java.util.Arrays.copyOf(gz, 10))
                .containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 0xff);
        assertThat(gzip(new byte[] {1, 2, 3}, 9, 1)[8]).isEqualTo((byte) 2);
    }

    @Test
    void usesTheDictionarySoParallelRatioStaysCloseToTheJdks() throws IOException {
        byte[] data = Data.compressible(8 * BLOCK);
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        try (OutputStream out = new java.util.zip.GZIPOutputStream(jdk)) {
            out.write(data);
        }
        int ours = gzip(data, 6, 2).length;
        assertThat((double) ours / jdk.size()).isLessThan(1.01);
    }

    @Test
    void worksWithACallersPoolAndLeavesItRunning() throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            byte[] data = Data.random(5 * BLOCK + 3, 1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new ParallelGzipOutputStream(bytes, 6, BLOCK, pool, 3)) {
                for (int i = 0; i < data.length; i += 1000) { // many small writes
                    out.write(data, i, Math.min(1000, data.length - i));
                }
            }
            assertThat(bytes.toByteArray()).isEqualTo(gzip(data, 6, 1));
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void jdkReaderAcceptsMultipleMembersThroughAPipe() throws Exception {
        byte[] a = Data.compressible(BLOCK + 5);
        byte[] b = Data.random(1000, 3);
        PipedInputStream in = new PipedInputStream(1024);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread writer = Thread.ofVirtual().start(() -> {
            try (out) {
                out.write(gzip(a, 6, 2));
                out.write(gzip(b, 6, 1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] all = Compression.open(in).stream().readAllBytes();
        writer.join();
        assertThat(all).hasSize(a.length + b.length);
    }

    @Test
    void refusesWritesAfterClose() throws IOException {
        OutputStream out = new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, BLOCK, 2);
        out.close();
        out.close(); // idempotent
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessage("gzip stream is closed");
    }

    @Test
    void rejectsBadLevelsAndBlockSizes() {
        assertThatThrownBy(() -> new ParallelGzipOutputStream(new ByteArrayOutputStream(), 11, BLOCK, 1))
                .hasMessage("gzip level 11: expected 0 to 9");
        assertThatThrownBy(() -> new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, 1000, 1))
                .hasMessage("gzip block size 1000: at least 65536");
    }

    @Test
    void levelZeroStoresAndStillRoundTrips() throws IOException {
        byte[] data = Data.random(2 * BLOCK + 1, 9);
        byte[] gz = gzip(data, 0, 2);
        assertThat(gz.length).isGreaterThan(data.length);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes()).isEqualTo(data);
    }

    private static void assertTrailer(byte[] gz, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        int n = gz.length;
        long storedCrc = (gz[n - 8] & 0xffL) | (gz[n - 7] & 0xffL) << 8 | (gz[n - 6] & 0xffL) << 16 | (gz[n - 5] & 0xffL) << 24;
        long storedSize = (gz[n - 4] & 0xffL) | (gz[n - 3] & 0xffL) << 8 | (gz[n - 2] & 0xffL) << 16 | (gz[n - 1] & 0xffL) << 24;
        assertThat(storedCrc).isEqualTo(crc.getValue());
        assertThat(storedSize).isEqualTo(data.length & 0xffffffffL);
    }

    static byte[] gzip(byte[] data, int level, int threads) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new ParallelGzipOutputStream(bytes, level, BLOCK, threads)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
