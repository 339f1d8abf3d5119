package dev.kiln.benchmarks;

import dev.kiln.engine.snapshot.ChangeDetector;
import dev.kiln.engine.snapshot.ChangeSet;
import dev.kiln.engine.snapshot.IgnoreList;
import dev.kiln.engine.snapshot.Index;
import dev.kiln.engine.snapshot.IndexOptions;
import dev.kiln.engine.snapshot.SnapshotMode;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Change detection after a filesystem instruction, on a rootfs of 100,000 small files in 1,000
 * directories (three levels, like {@code usr/lib/pkg}): a rescan (reusing the previous index) plus the
 * diff, once for an unchanged tree and once after 100 files were rewritten. The target: the
 * unchanged snapshot under 1 s on 2 cores.
 *
 * <p>The tree is built once per trial under {@code /tmp} and removed after; before the first scan the
 * benchmark waits until every ctime is outside the racy window, as in a build where the base was
 * extracted earlier. {@link #unchanged} always diffs against that first index. {@link #hundredChanged}
 * follows a build: before each operation ({@link Changes}, {@code Level.Invocation}, not timed) 100
 * files (a different set each time) are rewritten, and each rescan becomes the baseline of the next, as
 * {@link dev.kiln.engine.snapshot.Snapshotter} does; the rewritten files are racy, so they are hashed.
 * Both check their result (nothing, exactly 100 changes) so that a broken benchmark cannot look fast.
 *
 * <p>Mode {@code exact} (Kiln's default) by default; {@code -p mode=full} for kaniko's content mode (whose
 * first index, in setup, hashes every file). Walks on all cores. AverageTime in ms/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SnapshotBenchmark {

    /** {@code --snapshot-mode} value. */
    @Param("exact")
    String mode;

    Path root;
    List<Path> files;
    IndexOptions options;
    Index base;
    Index baseline;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        root = Scratch.create("snapshot");
        files = new ArrayList<>(100_000);
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                for (int c = 0; c < 10; c++) {
                    Path d = Files.createDirectories(root.resolve("usr" + a + "/lib" + b + "/pkg" + c));
                    for (int n = 0; n < 100; n++) {
                        files.add(Files.writeString(d.resolve("file-" + n + ".txt"), "content of " + a + b + c + n,
                                StandardCharsets.UTF_8));
                    }
                }
            }
        }
        Thread.sleep(IndexOptions.DEFAULT_RACY_WINDOW.toMillis() * 4);
        options = IndexOptions.defaults(IgnoreList.forBuild(List.of(), true)).withMode(SnapshotMode.forFlag(mode));
        base = Index.build(root, options);
        baseline = base;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Scratch.delete(root);
    }

    /** Rewrites 100 files before each {@link #hundredChanged} operation. */
    @State(Scope.Benchmark)
    public static class Changes {
        int round;

        @Setup(Level.Invocation)
        public void rewrite(SnapshotBenchmark tree) throws IOException {
            for (int k = 0; k < 100; k++) {
                Path f = tree.files.get((k * 997 + round * 101) % tree.files.size());
                Files.writeString(f, "changed " + round + " " + k, StandardCharsets.UTF_8);
            }
            round++;
        }
    }

    /** Rescan and diff of the unchanged tree. */
    @Benchmark
    public ChangeSet unchanged() throws IOException {
        CpuMeter.Mark mark = CpuMeter.start();
        Index again = Index.build(root, options, base);
        ChangeSet changes = ChangeDetector.diff(base, again);
        CpuMeter.stop(mark, 0);
        if (!changes.isEmpty()) {
            throw new IllegalStateException("unchanged tree: " + changes.size() + " changes reported");
        }
        return changes;
    }

    /** Rescan and diff after 100 files were rewritten; the scan becomes the next baseline. */
    @Benchmark
    public ChangeSet hundredChanged(Changes changed) throws IOException {
        CpuMeter.Mark mark = CpuMeter.start();
        Index now = Index.build(root, options, baseline);
        ChangeSet changes = ChangeDetector.diff(baseline, now);
        CpuMeter.stop(mark, 0);
        baseline = now;
        if (changes.size() != 100) {
            throw new IllegalStateException("100 files rewritten: " + changes.size() + " changes reported");
        }
        return changes;
    }
}
