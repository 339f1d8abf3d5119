package dev.kiln.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the work of a benchmark operation: wall time, CPU time of the whole process (every thread,
 * including compression pools and zstd's native workers), and the bytes it processed. A benchmark marks
 * the operation with {@link #start()} and {@link #stop(Mark, long)}; {@link CpuTimeProfiler} reports the
 * totals per iteration. Fixtures (setup, teardown) stay outside the marks, so they never count.
 *
 * <p>Why: on a shared machine wall time measures the neighbours too; CPU time per byte does not, and
 * CPU time over wall time says how many cores the operation really kept busy. Process CPU time is read
 * with {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} (nanoseconds) through {@code java.lang.foreign};
 * the JDK's {@code OperatingSystemMXBean.getProcessCpuTime()} only has 10 ms ticks here, and is the
 * fallback. JIT and GC threads count too: they are part of what the operation costs.
 *
 * <p>Thread-safe: totals are adders.
 */
public final class CpuMeter {

    /** A start point: wall and CPU nanoseconds. */
    public record Mark(long wallNanos, long cpuNanos) {}

    /** Totals since the last {@link #reset()}. */
    record Totals(long ops, long wallNanos, long cpuNanos, long bytes) {}

    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    private static final MethodHandle CLOCK_GETTIME = clockGettime();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final LongAdder OPS = new LongAdder();
    private static final LongAdder WALL = new LongAdder();
    private static final LongAdder CPU = new LongAdder();
    private static final LongAdder BYTES = new LongAdder();

    private CpuMeter() {}

    public static Mark start() {
        return new Mark(System.nanoTime(), processCpuNanos());
    }

    /** Ends an operation started at {@code mark} that processed {@code bytes} bytes (0 if bytes mean nothing). */
    public static void stop(Mark mark, long bytes) {
        long cpu = processCpuNanos();
        long wall = System.nanoTime();
        OPS.increment();
        WALL.add(wall - mark.wallNanos());
        CPU.add(cpu - mark.cpuNanos());
        BYTES.add(bytes);
    }

    /** The totals so far, and zero for the next iteration. */
    static Totals reset() {
        return new Totals(OPS.sumThenReset(), WALL.sumThenReset(), CPU.sumThenReset(), BYTES.sumThenReset());
    }

    /** CPU time of the process, all threads, in nanoseconds. */
    static long processCpuNanos() {
        if (CLOCK_GETTIME != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ts = arena.allocate(16, 8);
                int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, ts);
                if (rc == 0) {
                    return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
                }
            } catch (Throwable e) {
                // fall through to the coarse clock
            }
        }
        return OS.getProcessCpuTime();
    }

    private static MethodHandle clockGettime() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime")
                    .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // no native access: the JDK's coarse process CPU time
        }
    }
}
