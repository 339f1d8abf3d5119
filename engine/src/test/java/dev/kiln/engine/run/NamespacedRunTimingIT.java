package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Measures (prints, never asserts) the wall time of a trivial namespaced RUN, the per-step cost a
 * Dockerfile of many small RUNs pays. Run it alone to compare before and after a change:
 * {@code -Dit.test=NamespacedRunTimingIT}.
 */
class NamespacedRunTimingIT extends RootfsTestBase {

    private static final int WARMUP = 5;
    private static final int RUNS = 50;

    @Test
    void aTrivialRunSucceedsRepeatedlyAndItsMedianTimeIsPrinted() throws Exception {
        Isolation isolation = Isolations.onThisHost().of(IsolationKind.NAMESPACED);
        RunSpec spec = RunSpec.builder("/bin/true").build();
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            RunResult r = isolation.start(root, spec, line -> { }).await();
            long t = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
            assertThat(r.succeeded()).as(r.toString()).isTrue();
            if (i >= WARMUP) {
                micros.add(t);
            }
        }
        Collections.sort(micros);
        System.out.printf("namespaced RUN /bin/true: median %.1f ms, min %.1f ms, p90 %.1f ms over %d runs%n",
                micros.get(RUNS / 2) / 1000.0, micros.getFirst() / 1000.0, micros.get(RUNS * 9 / 10) / 1000.0, RUNS);
    }
}
