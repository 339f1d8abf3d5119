package dev.kiln.benchmarks;

import dev.kiln.engine.oci.Digest;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 over a buffer: the yardstick for every layer pipeline (each byte of a layer is hashed twice,
 * before and after compression).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DigestBenchmark {

    @Param({"1048576"})
    int size;

    byte[] data;

    @Setup
    public void setUp() {
        data = new byte[size];
        new Random(42).nextBytes(data);
    }

    /** Throughput in operations per second; multiply by {@code size} for bytes per second. */
    @Benchmark
    public Digest sha256() {
        return Digest.sha256(data);
    }
}
