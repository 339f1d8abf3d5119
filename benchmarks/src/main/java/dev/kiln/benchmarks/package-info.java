/**
 * JMH benchmarks of the engine's hot paths (digests, Dockerfile parsing, snapshots, layer extraction and
 * writing, gzip). They are compiled with the project and run by hand ({@code bench/jmh.sh},
 * {@code bench/layers.sh}); numbers go into the closing notes, never into test asserts.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Sized for the target machine</b> (2 cores): one fork, few iterations; operations of seconds run
 *     as {@code SingleShotTime}, one operation per iteration.</li>
 * <li><b>Real filesystems.</b> Trees and layers are built once per trial under {@code /tmp} (a disk,
 *     like a build's rootfs) by {@link dev.kiln.benchmarks.Scratch} and removed after; inputs are
 *     deterministic ({@link dev.kiln.benchmarks.TextData}), so runs compare.</li>
 * <li><b>CPU time next to wall time.</b> The machine is shared, so wall time also measures the
 *     neighbours. Benchmarks mark their operation with {@link dev.kiln.benchmarks.CpuMeter}, and
 *     {@link dev.kiln.benchmarks.CpuTimeProfiler} ({@code -prof dev.kiln.benchmarks.CpuTimeProfiler})
 *     reports process CPU time, cores used and MB/s per iteration.</li>
 * <li><b>Self-checking.</b> A benchmark whose result is wrong (a snapshot reporting changes in an
 *     unchanged tree) throws instead of reporting a fast time.</li>
 * </ul>
 */
package dev.kiln.benchmarks;
