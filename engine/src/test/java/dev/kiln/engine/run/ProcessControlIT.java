package dev.kiln.engine.run;

import static dev.kiln.engine.run.TestRootfs.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Streaming, cancellation and timeouts (namespaced isolation). */
class ProcessControlIT extends RootfsTestBase {

    final Isolation isolation = Isolations.onThisHost().of(IsolationKind.NAMESPACED);
    final TestRootfs.Collector out = new TestRootfs.Collector();

    @Test
    void linesArriveWhileTheProcessStillRuns() throws Exception {
        // the command waits for a file that the sink creates when it sees the first line: if output were
        // delivered only at exit this would end by the timeout instead
        RunSpec spec = RunSpec.builder("/bin/sh", "-c", "echo first; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo second")
                .timeout(Duration.ofSeconds(60)).step("build", 4).build();
        RunResult r = run(isolation, root, spec, line -> {
            out.accept(line);
            if (line.text().equals("first")) {
                try {
                    Files.writeString(root.resolve("tmp/go"), "");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertThat(r.succeeded()).as(r.toString()).isTrue();
        assertThat(out.stdout()).containsExactly("first", "second");
        assertThat(out.lines).allSatisfy(l -> {
            assertThat(l.stage()).isEqualTo("build");
            assertThat(l.step()).isEqualTo(4);
        });
    }

    @Test
    void eachStreamKeepsItsOrderAndALastLineWithoutNewlineArrives() throws Exception {
        RunResult r = run(isolation, root, RunSpec.builder("/bin/sh", "-c",
                "i=1; while [ $i -le 2000 ]; do echo $i; echo e$i >&2; i=$((i+1)); done; printf tail").build(), out);
        assertThat(r.succeeded()).isTrue();
        List<String> expected = new java.util.ArrayList<>(IntStream.rangeClosed(1, 2000).mapToObj(Integer::toString).toList());
        expected.add("tail");
        assertThat(out.stdout()).containsExactlyElementsOf(expected);
        assertThat(out.stderr()).containsExactlyElementsOf(IntStream.rangeClosed(1, 2000).mapToObj(i -> "e" + i).toList());
    }

    @Test
    void cancellationKillsTheWholeProcessTree() throws Exception {
        RunHandle h = isolation.start(root, RunSpec.builder("/bin/sh", "-c", "sleep 1000 & sleep 1000 & wait").build(), out);
        awaitProcessesIn(3); // sh and both sleeps
        h.cancel();
        RunResult r = h.result().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(RunResult.Status.CANCELLED);
        assertThat(r.exitCode()).isEqualTo(137);
        assertThat(r.failureMessage()).hasValueSatisfying(m -> assertThat(m).contains("was cancelled"));
        assertThat(TestRootfs.processesIn(root)).isEmpty();
        assertThat(TestRootfs.list(root.resolve("dev"))).isEmpty();
    }

    @Test
    void aCommandKilledBySigkillFromOutsideExits137AsUnderDocker() throws Exception {
        RunHandle h = isolation.start(root, RunSpec.builder("/bin/sleep", "1000").build(), out);
        awaitProcessesIn(1);
        for (long pid : TestRootfs.processesIn(root)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // as the OOM killer would
        }
        RunResult r = h.result().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(RunResult.Status.EXITED);
        assertThat(r.exitCode()).isEqualTo(137);
    }

    @Test
    void aCancellationBeforeTheStartRunsNothing() throws Exception {
        RunHandle h = isolation.start(root, RunSpec.builder("/bin/sh", "-c", "touch /ran").build(), out);
        h.cancel();
        RunResult r = h.result().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(RunResult.Status.CANCELLED);
        assertThat(TestRootfs.processesIn(root)).isEmpty();
    }

    @Test
    void aTimeoutKillsTheTreeAndSaysSo() throws Exception {
        RunResult r = run(isolation, root, RunSpec.builder("/bin/sh", "-c", "sleep 1000 & sleep 1000")
                .timeout(Duration.ofMillis(500)).build(), out);
        assertThat(r.status()).isEqualTo(RunResult.Status.TIMED_OUT);
        assertThat(r.failureMessage()).hasValueSatisfying(m -> assertThat(m).contains("timeout"));
        assertThat(TestRootfs.processesIn(root)).isEmpty();
    }

    @Test
    void awaitGivesTheResultOnAVirtualThread() throws Exception {
        RunResult[] result = new RunResult[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                result[0] = isolation.start(root, RunSpec.builder("true").build(), out).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.join(Duration.ofSeconds(60));
        assertThat(result[0]).isNotNull();
        assertThat(result[0].succeeded()).isTrue();
    }

    private void awaitProcessesIn(int count) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (TestRootfs.processesIn(root).size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the run's processes did not start: " + TestRootfs.processesIn(root));
            }
            Thread.sleep(20);
        }
    }
}
