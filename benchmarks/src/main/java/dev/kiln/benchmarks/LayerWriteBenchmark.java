package dev.kiln.benchmarks;

import dev.kiln.engine.layer.LayerChange;
import dev.kiln.engine.layer.WrittenLayer;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.write.LayerWriteOptions;
import dev.kiln.engine.layer.write.LayerWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Writing a layer blob from a rootfs with {@link LayerWriter}, the whole pipeline: statx and xattrs per
 * path, tar, sha256 of the tar, compression, sha256 of the blob, a temporary file renamed to its digest.
 * Two shapes, each as one whole-tree layer:
 * <ul>
 * <li>{@code small20k}: 20,000 files of 64 B to 16 KiB (log-uniform, about 59 MB) in 200 directories;
 *     per-file costs dominate.</li>
 * <li>{@code big512m}: one 512 MiB file of {@link TextData}, the same bytes as
 *     {@link GzipYardstickBenchmark}; compression dominates. The target: with gzip on 2 threads,
 *     at least 1.6 times the yardstick's single-core {@code GZIPOutputStream} speed.</li>
 * </ul>
 * gzip at the default level (6) and zstd at its default (3), each on 1 and 2 threads (2 = all cores of
 * the target machine). The rootfs is built once per trial under {@code /tmp} and removed after; blobs
 * land in page cache, like a build's. SingleShotTime: one layer per iteration. The
 * {@link CpuTimeProfiler} reports MB/s and MB per CPU-second of uncompressed tar bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LayerWriteBenchmark {

    @Param({"small20k", "big512m"})
    String shape;

    @Param({"gzip", "zstd"})
    String compression;

    @Param({"1", "2"})
    int threads;

    Path dir;
    Path rootfs;
    Path blobs;
    List<LayerChange> changes;
    LayerWriter writer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Scratch.create("write");
        rootfs = Files.createDirectory(dir.resolve("rootfs"));
        blobs = Files.createDirectory(dir.resolve("blobs"));
        switch (shape) {
            case "small20k" -> smallFiles(rootfs, 20_000);
            case "big512m" -> bigFile(rootfs.resolve("big.txt"), 512L << 20);
            default -> throw new IllegalArgumentException("shape " + shape + ": expected small20k or big512m");
        }
        changes = LayerWriter.wholeTree(rootfs);
        writer = new LayerWriter(LayerWriteOptions.DEFAULT
                .withCompression(Compression.parse(compression), Compression.DEFAULT_LEVEL)
                .withThreads(threads));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Scratch.delete(dir);
    }

    /** One layer of the whole tree; its blob replaces the previous iteration's (same digest). */
    @Benchmark
    public WrittenLayer write() throws IOException {
        CpuMeter.Mark mark = CpuMeter.start();
        WrittenLayer layer = writer.write(rootfs, changes, blobs);
        CpuMeter.stop(mark, layer.uncompressedSize());
        return layer;
    }

    /** {@code count} files of 64 B to 16 KiB, log-uniform, 100 per directory, slices of the text chunk. */
    static long smallFiles(Path root, int count) throws IOException {
        Random r = new Random(7);
        byte[] text = TextData.chunk();
        long total = 0;
        for (int i = 0; i < count; i++) {
            Path d = root.resolve("d" + (i / 1000)).resolve("e" + (i / 100 % 10));
            if (i % 100 == 0) {
                Files.createDirectories(d);
            }
            int size = (int) Math.exp(Math.log(64) + r.nextDouble() * (Math.log(16 << 10) - Math.log(64)));
            int off = r.nextInt(text.length - size);
            Files.write(d.resolve("file-" + i + ".txt"), java.util.Arrays.copyOfRange(text, off, off + size));
            total += size;
        }
        return total;
    }

    /** One file of {@code size} bytes of text. */
    static void bigFile(Path file, long size) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            TextData.write(out, size, 0);
        }
    }
}
