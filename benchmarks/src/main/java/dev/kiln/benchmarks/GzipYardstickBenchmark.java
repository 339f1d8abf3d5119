package dev.kiln.benchmarks;

import dev.kiln.engine.layer.compress.ParallelGzipOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * The yardstick for layer writing: single-core {@link GZIPOutputStream} at the default level (zlib's 6)
 * over 512 MiB of {@link TextData}, the same bytes {@link LayerWriteBenchmark} puts in its big file,
 * into a stream that only counts. The target is that writing a 512 MiB layer on 2 cores is at
 * least 1.6 times as fast as this.
 *
 * <p>{@link #parallelGzip} runs Kiln's {@link ParallelGzipOutputStream} (level 6, 1 MiB blocks) on the
 * same input with 1 and 2 threads: compression alone, without tar, files and digests, to tell how much of
 * a layer write's speed is deflate and how well deflate scales on this machine.
 *
 * <p>One operation compresses all {@code mebibytes}; SingleShotTime, so each iteration is one pass
 * (about 10 s single-threaded here). Run with {@code -prof dev.kiln.benchmarks.CpuTimeProfiler} for MB/s,
 * MB per CPU-second and cores used.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GzipYardstickBenchmark {

    /** Input size in MiB. */
    @Param("512")
    int mebibytes;

    long size;

    /** Threads of the parallel stream. */
    @State(Scope.Benchmark)
    public static class Threads {
        @Param({"1", "2"})
        int threads;
    }

    @Setup
    public void setUp() {
        size = (long) mebibytes << 20;
        TextData.chunk();
    }

    /** java.util.zip, default level, one core: compressed bytes. */
    @Benchmark
    public long gzip() throws IOException {
        Counting out = new Counting();
        CpuMeter.Mark mark = CpuMeter.start();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            TextData.write(gz, size, 0);
        }
        CpuMeter.stop(mark, size);
        return out.count;
    }

    /** Kiln's block-parallel gzip, level 6, on {@code threads} threads: compressed bytes. */
    @Benchmark
    public long parallelGzip(Threads t) throws IOException {
        Counting out = new Counting();
        CpuMeter.Mark mark = CpuMeter.start();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6,
                ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, t.threads)) {
            TextData.write(gz, size, 0);
        }
        CpuMeter.stop(mark, size);
        return out.count;
    }

    /** Discards what it is given and counts it. */
    static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
