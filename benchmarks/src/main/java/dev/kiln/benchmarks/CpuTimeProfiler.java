package dev.kiln.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A JMH profiler that reports, per iteration, what {@link CpuMeter} measured around the operations of
 * benchmarks that use it: {@code cpuTime} (process CPU ms per operation, all threads), {@code cores}
 * (CPU time over wall time: how many cores the operation kept busy), and for benchmarks that count bytes
 * {@code throughput} (MB/s of wall time) and {@code cpuThroughput} (MB per CPU-second, the inverse of
 * CPU time per byte). MB are 10<sup>6</sup> bytes. Enable with
 * {@code -prof dev.kiln.benchmarks.CpuTimeProfiler}; benchmarks without marks report nothing extra.
 *
 * <p>Stateless (the totals live in {@link CpuMeter}); JMH creates it in the benchmark's forked JVM.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    @Override
    public String getDescription() {
        return "process CPU time, cores used and MB/s of the operations marked with CpuMeter";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        CpuMeter.reset();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        CpuMeter.Totals t = CpuMeter.reset();
        if (t.ops() == 0 || t.wallNanos() <= 0) {
            return List.of();
        }
        List<Result> out = new ArrayList<>();
        out.add(new ScalarResult("cpuTime", t.cpuNanos() / 1e6 / t.ops(), "ms/op", AggregationPolicy.AVG));
        out.add(new ScalarResult("cores", (double) t.cpuNanos() / t.wallNanos(), "cores", AggregationPolicy.AVG));
        if (t.bytes() > 0) {
            out.add(new ScalarResult("throughput", t.bytes() / 1e6 / (t.wallNanos() / 1e9), "MB/s", AggregationPolicy.AVG));
            if (t.cpuNanos() > 0) {
                out.add(new ScalarResult("cpuThroughput", t.bytes() / 1e6 / (t.cpuNanos() / 1e9), "MB/cpu-s",
                        AggregationPolicy.AVG));
            }
        }
        return out;
    }
}
