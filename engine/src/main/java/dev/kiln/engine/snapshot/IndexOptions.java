package dev.kiln.engine.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * How to build an {@link Index}.
 *
 * <p>Immutable. {@code with*} methods return modified copies.
 *
 * @param mode        decides which content hashes the index computes and how {@link ChangeDetector}
 *                    compares ({@link SnapshotMode})
 * @param ignores     paths neither recorded nor walked into
 * @param parallelism number of threads walking the tree (1 walks on the calling thread)
 * @param racyWindow  how close to the scan a file's ctime must be for its stat to count as racy (see the
 *                    package documentation): at least the timestamp granularity of the filesystem plus one
 *                    kernel clock tick; {@link Duration#ZERO} turns racy handling off
 */
public record IndexOptions(SnapshotMode mode, IgnoreList ignores, int parallelism, Duration racyWindow) {

    /**
     * The default racy window, 50 ms: five ticks of the coarsest kernel clock (HZ=100); enough for every
     * filesystem with sub-tick timestamps (ext4 with 256-byte inodes, xfs, btrfs, tmpfs, overlayfs over
     * them). Filesystems with whole-second times (ext4 with 128-byte inodes, FAT) need more.
     */
    public static final Duration DEFAULT_RACY_WINDOW = Duration.ofMillis(50);

    public IndexOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ignores, "ignores");
        Objects.requireNonNull(racyWindow, "racyWindow");
        if (parallelism < 1) {
            throw new IllegalArgumentException("index parallelism " + parallelism + ": must be at least 1");
        }
        if (racyWindow.isNegative()) {
            throw new IllegalArgumentException("racy window " + racyWindow + ": must not be negative");
        }
    }

    /** Mode {@link SnapshotMode#DEFAULT}, the given ignores, one thread per processor, the default racy window. */
    public static IndexOptions defaults(IgnoreList ignores) {
        return new IndexOptions(SnapshotMode.DEFAULT, ignores, Runtime.getRuntime().availableProcessors(),
                DEFAULT_RACY_WINDOW);
    }

    /** A copy with another mode. */
    public IndexOptions withMode(SnapshotMode m) {
        return new IndexOptions(m, ignores, parallelism, racyWindow);
    }

    /** A copy with other ignores. */
    public IndexOptions withIgnores(IgnoreList i) {
        return new IndexOptions(mode, i, parallelism, racyWindow);
    }

    /** A copy with another parallelism. */
    public IndexOptions withParallelism(int p) {
        return new IndexOptions(mode, ignores, p, racyWindow);
    }

    /** A copy with another racy window. */
    public IndexOptions withRacyWindow(Duration w) {
        return new IndexOptions(mode, ignores, parallelism, w);
    }
}
