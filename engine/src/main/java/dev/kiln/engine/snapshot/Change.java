package dev.kiln.engine.snapshot;

import java.util.Objects;
import java.util.Set;

/**
 * One change of one path between two indexes.
 *
 * <p>Immutable. A sealed family, so that consumers (the layer writer, logs, metrics) handle every kind.
 */
public sealed interface Change {

    /** The container path that changed. */
    String path();

    /**
     * A path that did not exist before.
     *
     * @param after the new entry
     */
    record Added(Entry after) implements Change {
        public Added {
            Objects.requireNonNull(after, "after");
        }

        @Override
        public String path() {
            return after.path();
        }
    }

    /**
     * A path of the same type whose content or metadata changed, as decided by the
     * {@link SnapshotMode}.
     *
     * @param before      the old entry
     * @param after       the new entry
     * @param differences every aspect that differs, including those the mode does not count
     */
    record Modified(Entry before, Entry after, Set<Difference> differences) implements Change {
        public Modified {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            differences = Set.copyOf(differences);
        }

        @Override
        public String path() {
            return after.path();
        }
    }

    /**
     * A path whose file type changed (file, directory, symlink, ...). It means deletion then addition:
     * the old path, with its whole subtree if it was a directory, is whited out, and the new entry is
     * written (with its subtree, reported as {@link Added}, if it is a directory).
     *
     * @param before the old entry
     * @param after  the new entry
     */
    record TypeChanged(Entry before, Entry after) implements Change {
        public TypeChanged {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        @Override
        public String path() {
            return after.path();
        }
    }

    /**
     * A path that no longer exists. Every deleted path is reported; {@link ChangeSet#whiteouts()} keeps
     * only the topmost.
     *
     * @param before the old entry
     */
    record Deleted(Entry before) implements Change {
        public Deleted {
            Objects.requireNonNull(before, "before");
        }

        @Override
        public String path() {
            return before.path();
        }
    }
}
