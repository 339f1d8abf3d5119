package dev.kiln.engine.run;

import io.vertx.core.Future;
import java.nio.file.Path;

/**
 * A way to run a {@code RUN} process in a rootfs. Get one from {@link Isolations}.
 *
 * <p>Implementations are immutable and thread-safe: any number of runs may go on at once, in different
 * rootfs directories (never two in the same one: a RUN owns its stage's rootfs while it runs).
 * {@link #start} never blocks: the work happens on a new virtual thread per run, so it may be called from
 * an event loop.
 */
public interface Isolation {

    /**
     * Starts {@code spec} in {@code rootfs}.
     *
     * @param rootfs the stage's root directory on the host ({@code /} only for in-place isolation)
     * @param spec   what to run
     * @param sink   receives the output lines while the process runs
     * @return the handle: its result completes when the process and its cleanup are done, or fails with
     *         a {@link RunException} if the run could not be set up
     */
    RunHandle start(Path rootfs, RunSpec spec, OutputSink sink);

    /** {@link #start} and its result. */
    default Future<RunResult> run(Path rootfs, RunSpec spec, OutputSink sink) {
        return start(rootfs, spec, sink).result();
    }
}
