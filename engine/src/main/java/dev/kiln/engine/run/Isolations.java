package dev.kiln.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and creates {@link Isolation}s for this host.
 *
 * <p>Thread-safe: the namespace probe runs at most once per instance (under a lock) and its answer is
 * cached; strategies are immutable. The choice, unless forced: a rootfs that is {@code /} itself runs
 * {@linkplain IsolationKind#IN_PLACE in place}; otherwise {@linkplain IsolationKind#NAMESPACED namespaces}
 * if the probe ({@code unshare --mount --pid --uts --ipc --fork --kill-child} mounting a {@code proc}
 * inside) succeeds, else {@linkplain IsolationKind#CHROOT plain chroot}. A forced kind (tests, a command
 * line flag) is used as is, except that only in-place may run in {@code /}: chroot or namespaces there would
 * create their mount points in the real root.
 */
public final class Isolations {

    private static final Logger LOG = LoggerFactory.getLogger(Isolations.class);
    private static volatile Isolations host;

    private final HostTools tools;
    private final Object probeLock = new Object();
    private Probe probe;

    /**
     * The namespace probe's answer.
     *
     * @param available whether namespaced isolation works here
     * @param detail    what the probe printed when it failed (e.g. {@code unshare failed: Operation not
     *                  permitted}), empty when it worked
     */
    public record Probe(boolean available, String detail) {
    }

    public Isolations(HostTools tools) {
        this.tools = Objects.requireNonNull(tools, "tools");
    }

    /** The instance for this host's tools from {@code $PATH}, shared so the probe runs once per JVM. */
    public static Isolations onThisHost() {
        Isolations h = host;
        if (h == null) {
            synchronized (Isolations.class) {
                if (host == null) {
                    host = new Isolations(HostTools.fromPath());
                }
                h = host;
            }
        }
        return h;
    }

    /** The host tools the strategies use. */
    public HostTools tools() {
        return tools;
    }

    /** The strategy {@code kind}, forced; in-place runs in {@code /}. */
    public Isolation of(IsolationKind kind) {
        return switch (kind) {
            case NAMESPACED -> new NamespacedIsolation(tools);
            case CHROOT -> new ChrootIsolation(tools, true);
            case IN_PLACE -> new InPlaceIsolation(tools);
        };
    }

    /**
     * Kaniko's in-place strategy treating {@code root} as {@code /}: {@code /} itself in a real in-place build,
     * a throwaway rootfs copy in tests and sandboxes. It runs only in {@code root} and refuses any other rootfs.
     */
    public Isolation inPlace(Path root) {
        return new InPlaceIsolation(tools, root);
    }

    /** An isolation that picks, per run, the kind {@link #choose} gives. */
    public Isolation auto() {
        return (rootfs, spec, sink) -> {
            RunHandle handle = new RunHandle();
            Thread.ofVirtual().name("kiln-run-select").start(() -> {
                try {
                    delegate(choose(rootfs), rootfs, spec, sink, handle);
                } catch (RunException e) {
                    handle.fail(e);
                } catch (RuntimeException e) {
                    handle.fail(new RunException(RunException.Reason.SETUP, "choose the isolation for RUN "
                            + Preparation.quoted(spec) + " in " + rootfs + ": " + e.getMessage(), e));
                }
            });
            return handle;
        };
    }

    /** Runs in the chosen strategy, forwarding its result and the cancellation to {@code handle}. */
    private void delegate(IsolationKind kind, Path rootfs, RunSpec spec, OutputSink sink, RunHandle handle) {
        RunHandle inner = of(kind).start(rootfs, spec, sink);
        handle.onCancel(inner::cancel);
        inner.result().onComplete(handle::complete, handle::fail);
    }

    /**
     * The kind to use for {@code rootfs}. Blocking the first time (the probe starts a process); call it off
     * the event loop.
     */
    public IsolationKind choose(Path rootfs) {
        if (isHostRoot(rootfs)) {
            return IsolationKind.IN_PLACE;
        }
        return probe().available() ? IsolationKind.NAMESPACED : IsolationKind.CHROOT;
    }

    static boolean isHostRoot(Path rootfs) {
        try {
            return rootfs.toRealPath().equals(Path.of("/").toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether namespaces work here; probed once, then cached. Blocking the first time. */
    public Probe probe() {
        synchronized (probeLock) {
            if (probe == null) {
                probe = runProbe();
                if (!probe.available()) {
                    LOG.info("RUN isolation: namespaces unavailable ({}); falling back to plain chroot", probe.detail());
                }
            }
            return probe;
        }
    }

    private Probe runProbe() {
        Optional<Path> unshare = tools.find(HostTools.Tool.UNSHARE);
        Optional<Path> sh = tools.find(HostTools.Tool.SH);
        Optional<Path> mount = tools.find(HostTools.Tool.MOUNT);
        if (unshare.isEmpty() || sh.isEmpty() || mount.isEmpty()) {
            return new Probe(false, "unshare, sh or mount not installed");
        }
        Path dir;
        try {
            dir = ProcessIsolation.createWorkDir();
        } catch (IOException e) {
            throw new UncheckedIOException("create a directory for the namespace probe: " + e.getMessage(), e);
        }
        try {
            Process p = new ProcessBuilder(List.of(unshare.get().toString(), "--mount", "--pid", "--uts", "--ipc",
                    "--fork", "--kill-child", "--", sh.get().toString(), "-c",
                    "\"$1\" --make-rprivate / && \"$1\" -t proc proc \"$2\"", "probe", mount.get().toString(), dir.toString()))
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                ProcessSupervisor.killTree(p);
                return new Probe(false, "the probe did not finish in 30 s");
            }
            return p.exitValue() == 0 ? new Probe(true, "")
                    : new Probe(false, out.isEmpty() ? "exit code " + p.exitValue() : out);
        } catch (IOException e) {
            return new Probe(false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(false, "interrupted");
        } finally {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                LOG.debug("delete {}: {}", dir, e.toString());
            }
        }
    }
}
