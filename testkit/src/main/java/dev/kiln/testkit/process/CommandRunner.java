package dev.kiln.testkit.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link Command}: stdout and stderr are drained by virtual threads (so a chatty tool never blocks
 * on a full pipe), the wait is bounded, and a timed-out process is killed with its descendants.
 * Stateless, so thread-safe.
 */
final class CommandRunner {
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(10);

    private CommandRunner() {}

    @SuppressWarnings("try") // the cleanup registration is held for the block, never referenced
    static CommandResult run(Command c) {
        ProcessBuilder pb = new ProcessBuilder(c.argv());
        c.directory().ifPresent(d -> pb.directory(d.toFile()));
        pb.environment().putAll(c.environment());
        if (c.stdin().isEmpty()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CommandException("start `" + c.display() + "`: " + e.getMessage(), e);
        }
        try (ShutdownCleanup.Registration ignored =
                ShutdownCleanup.register("kill " + c.programName() + " pid " + p.pid(), () -> kill(p))) {
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            c.stdin().ifPresent(text -> feed(p.getOutputStream(), text));
            boolean finished = p.waitFor(c.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!finished) {
                kill(p);
                throw CommandException.timedOut(c, elapsed, text(err, Duration.ofSeconds(2)));
            }
            return new CommandResult(c, p.exitValue(), text(out, DRAIN_GRACE), text(err, DRAIN_GRACE), elapsed);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new CommandException("run `" + c.display() + "`: interrupted, killed", e);
        }
    }

    /** Kills the process and everything it started, and waits briefly for it to be gone. */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread.ofVirtual().name("kiln-testkit-drain").start(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(buf);
            } catch (IOException e) {
                // the stream closes when the process is killed: keep what was read
            }
            f.complete(buf.toByteArray());
        });
        return f;
    }

    private static void feed(OutputStream stdin, String text) {
        Thread.ofVirtual().name("kiln-testkit-stdin").start(() -> {
            try (stdin) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the program exited without reading all of it; its exit code tells the story
            }
        });
    }

    /**
     * The drained text; a grandchild that inherited the pipe could keep it open after the process exits,
     * so the wait is bounded and whatever was read so far is kept.
     */
    private static String text(CompletableFuture<byte[]> f, Duration wait) {
        try {
            return new String(f.get(wait.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            return "(output still open after the process exited; not collected)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (java.util.concurrent.ExecutionException e) {
            return "";
        }
    }
}
