package dev.kiln.engine.step.run;

import dev.kiln.engine.run.RunSpec;
import dev.kiln.engine.snapshot.IgnoreList;
import java.util.List;
import java.util.Objects;

/**
 * A prepared {@code RUN}: the {@link RunSpec} to start, the snapshot ignore list of its mount targets, and
 * the resources it holds (cache locks and use counts, scratch copies, heredoc scripts) until
 * {@link #close()}.
 *
 * <p>Thread-safe: the spec and ignore list are immutable; {@link #close()} is idempotent and may be called
 * from any thread. Close it after the run and the snapshot are done (the snapshot must not see the
 * run's mounts, which {@link #ignores()} guarantees, but a private cache or rw copy is deleted by
 * {@code close}). {@link #toString()} shows the command and mount targets, never environment values.
 */
public final class PreparedRun implements AutoCloseable {

    private final RunSpec spec;
    private final IgnoreList ignores;
    private final List<String> warnings;
    private final Resources resources;

    PreparedRun(RunSpec spec, IgnoreList ignores, List<String> warnings, Resources resources) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.ignores = Objects.requireNonNull(ignores, "ignores");
        this.warnings = List.copyOf(warnings);
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /** What to run. */
    public RunSpec spec() {
        return spec;
    }

    /**
     * The container paths a snapshot after this run must not record: every mount target, path and below
     * (add it to the build's list with {@link IgnoreList#with(IgnoreList)}).
     */
    public IgnoreList ignores() {
        return ignores;
    }

    /** Things the build should tell the user (an optional device skipped, {@code --network=none} not honoured). */
    public List<String> warnings() {
        return warnings;
    }

    /** Releases cache locks and use counts and deletes the run's scratch directory. Idempotent. */
    @Override
    public void close() {
        resources.close();
    }

    @Override
    public String toString() {
        return "PreparedRun[" + spec.displayCommand() + ", mounts "
                + spec.mounts().stream().map(m -> m.target()).toList() + "]";
    }
}
