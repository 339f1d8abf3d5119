package dev.kiln.engine.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Snapshots of one rootfs across the filesystem instructions of a build stage: keeps the last index,
 * and after each instruction scans again (reusing what the last scan proved), diffs, and moves on.
 *
 * <p>Not thread-safe: one per stage, called by the one step that runs at a time. It exists to hold the
 * two pieces of state a stage needs: the baseline of the next diff, and the start index for kaniko's
 * {@code --single-snapshot} ({@link #sinceStart()}).
 *
 * <p>Per-step ignores (RUN mount points) are handled so that they change nothing outside their step:
 * the step's scan does not record below them and the diff does not report them deleted; the next
 * baseline takes the previous entries under them over, so that the next step, without the mount, does
 * not see them as added.
 */
public final class Snapshotter {

    private final Path root;
    private final IndexOptions options;
    private final Index start;
    private Index baseline;

    private Snapshotter(Path root, IndexOptions options, Index start) {
        this.root = root;
        this.options = options;
        this.start = start;
        this.baseline = start;
    }

    /** Scans the rootfs as it is before the first instruction (the base image's files). */
    public static Snapshotter start(Path root, IndexOptions options) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        return new Snapshotter(root, options, Index.build(root, options));
    }

    /** The index the stage started with. */
    public Index start() {
        return start;
    }

    /** The index the next {@link #snapshot} compares with. */
    public Index baseline() {
        return baseline;
    }

    /** What changed since the last snapshot (or the start); moves the baseline. */
    public ChangeSet snapshot() throws IOException {
        return snapshot(IgnoreList.none());
    }

    /**
     * What changed since the last snapshot, also ignoring {@code stepIgnores} (e.g.
     * {@link IgnoreList#withRunMounts}) for this step only; moves the baseline.
     */
    public ChangeSet snapshot(IgnoreList stepIgnores) throws IOException {
        IndexOptions stepOptions = stepIgnores.isEmpty() ? options : options.withIgnores(options.ignores().with(stepIgnores));
        Index now = Index.build(root, stepOptions, baseline);
        ChangeSet changes = ChangeDetector.diff(baseline, now);
        baseline = stepIgnores.isEmpty() ? now : keepIgnored(baseline, now, stepIgnores);
        return changes;
    }

    /**
     * For {@code --single-snapshot}: what changed between the start and now, in one diff. Does not move
     * the baseline.
     */
    public ChangeSet sinceStart() throws IOException {
        Index now = Index.build(root, options, baseline);
        return ChangeDetector.diff(start, now);
    }

    /**
     * {@code now} plus the entries of {@code before} that only the step's own ignores hid, as an index
     * with the stage's ignores: the paths under a RUN mount count as unchanged.
     */
    private Index keepIgnored(Index before, Index now, IgnoreList stepIgnores) {
        Map<String, Entry> merged = new HashMap<>(now.entries());
        IgnoreList stageIgnores = options.ignores();
        for (Entry e : before.entries().values()) {
            if (!merged.containsKey(e.path()) && stepIgnores.isIgnored(e.path()) && !stageIgnores.isIgnored(e.path())) {
                merged.put(e.path(), e);
            }
        }
        return new Index(now.root(), options, now.scannedAt(), merged);
    }
}
