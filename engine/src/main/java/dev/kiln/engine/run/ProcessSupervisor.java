package dev.kiln.engine.run;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one process, streams its output line by line, enforces the timeout and kills the process tree on
 * cancellation.
 *
 * <p>Stateless; each {@link #run} call uses the calling (virtual) thread to wait and two more virtual
 * threads to read stdout and stderr, plus one to feed stdin when there is input. Killing is
 * {@code SIGKILL} to every descendant, then to the process: {@code unshare --fork} ignores
 * {@code SIGTERM}, and with {@code --kill-child} the death of the namespace's first process takes every
 * process of the PID namespace with it. Without a PID namespace, processes that were re-parented away
 * (daemonized) before the kill cannot be found; see the package documentation.
 */
final class ProcessSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);
    private static final File DEV_NULL = new File("/dev/null");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ProcessSupervisor() {}

    /**
     * What to start and how.
     *
     * @param command     the host command line
     * @param environment the host process's environment (the run's own is set inside the command)
     * @param stdin       bytes for stdin (secrets for the setup script), or empty for {@code /dev/null}
     * @param readerGrace how long to wait for the output pipes to close after the process exited, or empty
     *                    to wait until they close (right when a PID namespace ends)
     * @param sigkillLine a last stderr line that, with exit code 1, means the command was killed by
     *                    SIGKILL (see {@link #UNSHARE_SIGKILL}), or empty
     */
    record Launch(List<String> command, Map<String, String> environment, Optional<byte[]> stdin,
            Optional<Duration> readerGrace, Optional<String> sigkillLine) {
    }

    /**
     * What {@code unshare --fork} (util-linux 2.38) prints when its child dies of SIGKILL: it tries to
     * re-raise the child's signal on itself, but {@code signal(SIGKILL, SIG_DFL)} fails, so it exits 1
     * with this message instead of dying of SIGKILL. The command was killed (the OOM killer, a kill from
     * outside), which Docker reports as exit code 137.
     */
    static final String UNSHARE_SIGKILL = "unshare: sigprocmask unblock failed: Invalid argument";

    /** Exit code of a process killed by SIGKILL, as shells and Docker report it. */
    static final int SIGKILL_EXIT = 128 + 9;

    /** Runs the launch to its end. Blocking. */
    static RunResult run(RunHandle handle, Launch launch, RunSpec spec, IsolationKind kind, OutputSink sink,
            Instant started) {
        if (handle.isCancelled()) {
            return result(spec, kind, RunResult.Status.CANCELLED, SIGKILL_EXIT, started);
        }
        ProcessBuilder pb = new ProcessBuilder(launch.command());
        pb.environment().clear();
        pb.environment().putAll(launch.environment());
        pb.redirectInput(launch.stdin().isPresent() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(DEV_NULL));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new RunException(RunException.Reason.PROCESS, "start " + launch.command().getFirst() + " for RUN "
                    + spec.displayCommand() + ": " + e.getMessage(), e);
        }
        if (!handle.attach(p)) {
            killTree(p);
        }
        Object sinkLock = new Object();
        AtomicBoolean open = new AtomicBoolean(true);
        AtomicReference<String> lastErr = new AtomicReference<>();
        Thread out = pump(p.getInputStream(), OutputLine.Stream.STDOUT, spec, sink, sinkLock, open, null);
        Thread err = pump(p.getErrorStream(), OutputLine.Stream.STDERR, spec, sink, sinkLock, open, lastErr);
        launch.stdin().ifPresent(bytes -> Thread.ofVirtual().name("kiln-run-stdin").start(() -> feed(p, bytes)));
        boolean timedOut = false;
        try {
            if (spec.timeout().isPresent()) {
                if (!p.waitFor(spec.timeout().get().toNanos(), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                    killTree(p);
                    p.waitFor();
                }
            } else {
                p.waitFor();
            }
            join(out, launch.readerGrace());
            join(err, launch.readerGrace());
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new RunException(RunException.Reason.PROCESS, "wait for RUN " + spec.displayCommand()
                    + ": interrupted; the process tree was killed", e);
        } finally {
            open.set(false);
        }
        RunResult.Status status = handle.isCancelled() ? RunResult.Status.CANCELLED
                : timedOut ? RunResult.Status.TIMED_OUT : RunResult.Status.EXITED;
        int code = p.exitValue();
        if (status != RunResult.Status.EXITED
                || code == 1 && launch.sigkillLine().isPresent() && launch.sigkillLine().get().equals(lastErr.get())) {
            code = SIGKILL_EXIT; // killed with SIGKILL by us or from outside; see UNSHARE_SIGKILL
        }
        return result(spec, kind, status, code, started);
    }

    private static RunResult result(RunSpec spec, IsolationKind kind, RunResult.Status status, int code, Instant started) {
        return new RunResult(spec.argv(), kind, status, code, Optional.empty(), Duration.between(started, Instant.now()));
    }

    private static void join(Thread t, Optional<Duration> grace) throws InterruptedException {
        if (grace.isEmpty()) {
            t.join();
        } else if (!t.join(grace.get())) {
            LOG.warn("a process started by a RUN still holds the output pipe open after the RUN ended; "
                    + "its further output is dropped");
        }
    }

    private static void feed(Process p, byte[] bytes) {
        try (OutputStream in = p.getOutputStream()) {
            in.write(bytes);
        } catch (IOException e) {
            LOG.debug("feed stdin of the RUN setup: {}", e.toString()); // the setup ended early; it reports why
        }
    }

    private static Thread pump(InputStream in, OutputLine.Stream stream, RunSpec spec, OutputSink sink,
            Object sinkLock, AtomicBoolean open, AtomicReference<String> last) {
        return Thread.ofVirtual().name("kiln-run-" + stream.name().toLowerCase(java.util.Locale.ROOT)).start(() -> {
            LineSplitter lines = new LineSplitter(text -> {
                if (last != null) {
                    last.set(text);
                }
                deliver(sink, sinkLock, open, new OutputLine(spec.stage(), spec.step(), stream, text));
            });
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    lines.accept(buf, n);
                }
            } catch (IOException e) {
                LOG.debug("read {} of RUN: {}", stream, e.toString());
            }
            lines.finish();
        });
    }

    private static void deliver(OutputSink sink, Object sinkLock, AtomicBoolean open, OutputLine line) {
        synchronized (sinkLock) {
            if (!open.get()) {
                return;
            }
            try {
                sink.accept(line);
            } catch (RuntimeException e) {
                LOG.warn("output sink failed on a line of stage {} step {}: {}", line.stage(), line.step(), e.toString());
            }
        }
    }

    /**
     * Kills {@code p} and all its descendants with SIGKILL and waits (bounded) until they are gone.
     * Descendants go first, so that {@code unshare} sees its child die and exits on its own.
     */
    static void killTree(Process p) {
        List<ProcessHandle> killed = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> descendants = p.descendants().toList();
            if (descendants.isEmpty()) {
                break;
            }
            for (ProcessHandle h : descendants) {
                h.destroyForcibly();
                killed.add(h);
            }
        }
        p.destroyForcibly();
        killed.add(p.toHandle());
        CompletableFuture<?>[] exits = killed.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("processes of a killed RUN still exist after {}", KILL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Splits bytes into lines of at most {@link OutputLine#MAX_LENGTH} bytes. Not thread-safe. */
    static final class LineSplitter {
        private final java.util.function.Consumer<String> target;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineSplitter(java.util.function.Consumer<String> target) {
            this.target = target;
        }

        void accept(byte[] buf, int n) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    pending.write(buf, start, i - start);
                    emit();
                    start = i + 1;
                } else if (pending.size() + (i - start) + 1 >= OutputLine.MAX_LENGTH) {
                    pending.write(buf, start, i - start + 1);
                    emit();
                    start = i + 1;
                }
            }
            pending.write(buf, start, n - start);
        }

        void finish() {
            if (pending.size() > 0) {
                emit();
            }
        }

        private void emit() {
            target.accept(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
    }
}
