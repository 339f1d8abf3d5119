package dev.kiln.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A long-running server process: started with its output in a log file, waited on until it is ready
 * (by default: until its port accepts TCP connections), and stopped by PID on {@link #close()}.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once. It exists because
 * servers must never outlive their test: close sends SIGTERM, waits, then SIGKILL (to the process and its
 * descendants), and a {@link ShutdownCleanup} registration does the same at JVM exit if nobody closed it.
 * If the process dies or does not get ready in time, {@code start} fails with its exit code and log tail.
 */
public final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Duration stopGrace;
    private final ShutdownCleanup.Registration cleanup;

    private ManagedProcess(String name, Process process, Path log, Duration stopGrace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stopGrace = stopGrace;
        this.cleanup = ShutdownCleanup.register("stop " + name + " pid " + process.pid(), this::stop);
    }

    /** A builder for a server named {@code name} (used in messages) running {@code argv}. */
    public static Builder builder(String name, List<String> argv) {
        return new Builder(name, argv);
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file holding the server's stdout and stderr. */
    public Path log() {
        return log;
    }

    /** The last {@code maxLines} lines of the log, or a note when it cannot be read. */
    public String logTail(int maxLines) {
        try {
            return CommandResult.tail(Files.readString(log, StandardCharsets.UTF_8), maxLines);
        } catch (IOException | UncheckedIOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the server: SIGTERM, the stop grace (default 5 s), then SIGKILL to it and its descendants; idempotent. */
    @Override
    public void close() {
        cleanup.close();
        stop();
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!waitFor(process.toHandle(), stopGrace)) {
            process.destroyForcibly();
            waitFor(process.toHandle(), Duration.ofSeconds(5));
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                waitFor(child, Duration.ofSeconds(5));
            }
        }
    }

    private static boolean waitFor(ProcessHandle h, Duration d) {
        try {
            h.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** Configures and starts a {@link ManagedProcess}. Not thread-safe; use one per start. */
    public static final class Builder {
        private final String name;
        private final List<String> argv;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> unsetPrefixes = new ArrayList<>();
        private Path directory;
        private Path log;
        private BooleanSupplier ready;
        private String readyDescription = "ready";
        private Duration startTimeout = Duration.ofSeconds(20);
        private Duration stopGrace = Duration.ofSeconds(5);

        private Builder(String name, List<String> argv) {
            this.name = Objects.requireNonNull(name, "name");
            this.argv = List.copyOf(argv);
            if (this.argv.isEmpty()) {
                throw new IllegalArgumentException("start " + name + ": empty argument list");
            }
        }

        /** Working directory of the server. */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /** Sets an environment variable. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Removes inherited environment variables starting with {@code prefix} (e.g. {@code REGISTRY_}). */
        public Builder unsetEnvWithPrefix(String prefix) {
            unsetPrefixes.add(prefix);
            return this;
        }

        /** Where stdout and stderr go; required. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** Ready once 127.0.0.1:{@code port} accepts TCP connections. */
        public Builder readyWhenPortOpen(int port) {
            this.ready = () -> Ports.isOpen(port);
            this.readyDescription = "listening on 127.0.0.1:" + port;
            return this;
        }

        /** Ready once {@code check} returns true; {@code description} is used in timeout messages. */
        public Builder readyWhen(String description, BooleanSupplier check) {
            this.ready = check;
            this.readyDescription = description;
            return this;
        }

        /** How long to wait for readiness (default 20 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** How long {@code close()} waits after SIGTERM before SIGKILL (default 5 s). */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = grace;
            return this;
        }

        /**
         * Starts the process and waits until it is ready.
         *
         * @throws ProcessStartException if it cannot start, exits early, or is not ready in time (and is then
         *     stopped); the message carries the log tail
         */
        public ManagedProcess start() {
            Objects.requireNonNull(log, "start " + name + ": log file not set");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            pb.environment().keySet().removeIf(k -> unsetPrefixes.stream().anyMatch(k::startsWith));
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new ProcessStartException("start " + name + " (" + argv.getFirst() + "): " + e.getMessage(), e);
            }
            ManagedProcess mp = new ManagedProcess(name, p, log, stopGrace);
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (ready != null && !ready.getAsBoolean()) {
                if (!p.isAlive()) {
                    mp.close();
                    throw new ProcessStartException("start " + name + ": exited with code " + p.exitValue()
                            + " before " + readyDescription + "; log " + log + ":\n" + mp.logTail(30), null);
                }
                if (System.nanoTime() > deadline) {
                    mp.close();
                    throw new ProcessStartException("start " + name + ": not " + readyDescription + " after "
                            + CommandException.seconds(startTimeout) + ", stopped; log " + log + ":\n"
                            + mp.logTail(30), null);
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    mp.close();
                    Thread.currentThread().interrupt();
                    throw new ProcessStartException("start " + name + ": interrupted while waiting, stopped", e);
                }
            }
            return mp;
        }
    }
}
