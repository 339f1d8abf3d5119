package dev.kiln.benchmarks;

import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.extract.ExtractOptions;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarType;
import dev.kiln.engine.layer.tar.TarWriter;
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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Applying a gzip layer of about 500 MB of content to an empty rootfs with {@link LayerExtractor}, the
 * whole pipeline of a pull: sha256 of the blob, gunzip, sha256 of the tar (both digests computed, as a
 * pull verifies them), tar reading, files written with their owner, mode, times. The layer holds four
 * 100 MiB files of {@link TextData} and 20,000 files of 64 B to 32 KiB (log-uniform, about 105 MB) in
 * 200 directories: big files measure streaming, small ones the per-entry system calls.
 *
 * <p>The layer is generated once per trial (about 525 MB of tar, gzip level 6 written on all cores),
 * kept as a file under {@code /tmp} (or {@code $KILN_BENCH_DIR}, see {@link Scratch}); each iteration
 * extracts it into a fresh directory. Files land in page cache (the extractor does not fsync, nor does a
 * build). The {@link CpuTimeProfiler} reports throughput in MB/s of uncompressed tar bytes.
 *
 * <p>The iterations' trees are removed only when the trial ends (about 2.6 GB meanwhile): on an ext4
 * without a journal, as on the development VM, the inode allocator skips inodes deleted in the last
 * minute or more, reading each one's inode table block ({@code recently_deleted} in
 * {@code fs/ext4/ialloc.c}), so creating 20,000 files right after deleting 20,000 costs seconds of kernel
 * CPU time (perf: 50 to 60 % of the samples in {@code recently_deleted}, {@code find_inode_bit},
 * {@code find_get_block_common}, {@code ext4_get_group_desc}). Other jobs' churn under {@code /tmp} has
 * the same effect; {@code KILN_BENCH_DIR=/dev/shm} leaves the disk out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ExtractBenchmark {

    /** Content of the big files, MiB each. */
    @Param("100")
    int bigMebibytes;

    /** Number of small files. */
    @Param("20000")
    int smallFiles;

    Path dir;
    Path blob;
    Path rootfs;
    LayerExtractor extractor;
    int iteration;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Scratch.create("extract");
        blob = dir.resolve("layer.tar.gz");
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(blob), 1 << 20);
             OutputStream gz = Compression.GZIP.compress(file, Compression.DEFAULT_LEVEL,
                     Runtime.getRuntime().availableProcessors());
             OutputStream tarOut = new BufferedOutputStream(gz, 1 << 20)) {
            writeLayer(tarOut);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        extractor = new LayerExtractor(ExtractOptions.DEFAULT.withPreserveOwnership(root).withComputeDigests(true));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Scratch.delete(dir);
    }

    /** A fresh rootfs per iteration; the previous ones stay until the trial ends (see the class comment). */
    @Setup(Level.Iteration)
    public void newRootfs() throws IOException {
        rootfs = Files.createDirectory(dir.resolve("rootfs-" + iteration++));
    }

    @Benchmark
    public ExtractResult extract() throws IOException {
        CpuMeter.Mark mark = CpuMeter.start();
        ExtractResult result;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(blob), 1 << 20)) {
            result = extractor.extract("bench", in, rootfs);
        }
        CpuMeter.stop(mark, result.tarSize());
        return result;
    }

    /** The tar: directories, four big files, then the small ones, all owned by 1000:1000. */
    private void writeLayer(OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        tar.write(dirEntry("big/"), null);
        for (int i = 0; i < 4; i++) {
            long size = (long) bigMebibytes << 20;
            TarEntry e = TarEntry.of("big/blob-" + i + ".txt", TarType.REGULAR).withSize(size).withOwner(1000, 1000);
            tar.write(e, TextData.stream(size, i * 7_777_777));
        }
        tar.write(dirEntry("small/"), null);
        Random r = new Random(11);
        byte[] text = TextData.chunk();
        for (int i = 0; i < smallFiles; i++) {
            if (i % 100 == 0) {
                if (i % 1000 == 0) {
                    tar.write(dirEntry("small/d" + i / 1000 + "/"), null);
                }
                tar.write(dirEntry("small/d" + i / 1000 + "/e" + i / 100 % 10 + "/"), null);
            }
            int size = (int) Math.exp(Math.log(64) + r.nextDouble() * (Math.log(32 << 10) - Math.log(64)));
            int off = r.nextInt(text.length - size);
            TarEntry e = TarEntry.of("small/d" + i / 1000 + "/e" + i / 100 % 10 + "/file-" + i + ".txt", TarType.REGULAR)
                    .withSize(size).withOwner(1000, 1000);
            tar.write(e, new ByteArrayInputStream(text, off, size));
        }
        tar.finish();
    }

    private static TarEntry dirEntry(String name) {
        return TarEntry.of(name, TarType.DIRECTORY).withOwner(1000, 1000);
    }
}
