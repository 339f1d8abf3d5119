package dev.kiln.engine.snapshot;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A benchmark harness, not a test (no timing assertions anywhere): builds a tree of 100,000 small files
 * in 1,110 directories under a temp directory, and prints the median of 5 runs, after warm-up, of: a
 * full index build, a rescan plus diff of the unchanged tree, and a rescan plus diff after 100 files
 * were rewritten. Each is given as wall time and as CPU time of the whole process (all threads), since
 * on a shared virtual machine wall time also measures the neighbours. Run it from the engine module
 * after {@code test-compile}:
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes \
 *     dev.kiln.engine.snapshot.SnapshotBenchmark [parallelism] [files-per-leaf-dir]
 * </pre>
 */
public final class SnapshotBenchmark {

    private static final int RUNS = 5;
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int WARMUP = 5;

    private SnapshotBenchmark() {}

    public static void main(String[] args) throws Exception {
        int parallelism = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int perDir = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path root = Files.createTempDirectory("kiln-snapshot-bench");
        try {
            List<Path> files = buildTree(root, perDir);
            // let every ctime fall out of the racy window, as in a build where the base was extracted earlier
            Thread.sleep(IndexOptions.DEFAULT_RACY_WINDOW.toMillis() * 4);
            System.out.printf("tree: %d files, parallelism %d, %d cores%n", files.size(), parallelism,
                    Runtime.getRuntime().availableProcessors());
            for (SnapshotMode mode : new SnapshotMode[]{SnapshotMode.EXACT, SnapshotMode.FULL}) {
                run(root, files, IndexOptions.defaults(IgnoreList.forBuild(List.of(), true))
                        .withMode(mode).withParallelism(parallelism));
            }
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(Path root, List<Path> files, IndexOptions options) throws Exception {
        long[] full = new long[RUNS];
        long[] unchanged = new long[RUNS];
        long[] changed = new long[RUNS];
        long[] fullCpu = new long[RUNS];
        long[] unchangedCpu = new long[RUNS];
        long[] changedCpu = new long[RUNS];
        Index last = null;
        int round = 0;
        int reported = 0;
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            Index base = Index.build(root, options);
            long t1 = System.nanoTime();
            long c1 = OS.getProcessCpuTime();
            Index again = Index.build(root, options, base);
            ChangeSet none = ChangeDetector.diff(base, again);
            long t2 = System.nanoTime();
            long c2 = OS.getProcessCpuTime();
            if (!none.isEmpty()) {
                throw new IllegalStateException("unchanged tree reported " + none.size() + " changes");
            }
            for (int k = 0; k < 100; k++) {
                Path f = files.get((k * 997 + round * 101) % files.size());
                Files.writeString(f, "changed " + round + " " + k, StandardCharsets.UTF_8);
            }
            round++;
            long c3 = OS.getProcessCpuTime();
            long t3 = System.nanoTime();
            Index after = Index.build(root, options, again);
            ChangeSet hundred = ChangeDetector.diff(again, after);
            long t4 = System.nanoTime();
            long c4 = OS.getProcessCpuTime();
            reported = hundred.size();
            if (i >= WARMUP) {
                full[i - WARMUP] = t1 - t0;
                unchanged[i - WARMUP] = t2 - t1;
                changed[i - WARMUP] = t4 - t3;
                fullCpu[i - WARMUP] = c1 - c0;
                unchangedCpu[i - WARMUP] = c2 - c1;
                changedCpu[i - WARMUP] = c4 - c3;
            }
            last = after;
        }
        System.out.printf("%-5s median wall (cpu): full index build %s (%s) | unchanged rescan+diff %s (%s)"
                        + " | rescan+diff after 100 writes %s (%s) [%d changes, %d entries]%n", options.mode().flagValue(),
                median(full), median(fullCpu), median(unchanged), median(unchangedCpu), median(changed),
                median(changedCpu), reported, last.size());
    }

    private static String median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("%.0f ms", s[s.length / 2] / 1e6);
    }

    private static List<Path> buildTree(Path root, int perDir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                for (int c = 0; c < 10; c++) {
                    Path d = Files.createDirectories(root.resolve("usr" + a + "/lib" + b + "/pkg" + c));
                    for (int n = 0; n < perDir; n++) {
                        files.add(Files.writeString(d.resolve("file-" + n + ".txt"), "content of " + a + b + c + n,
                                StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return files;
    }
}
