package dev.kiln.engine.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What changed in a rootfs between two indexes: what the layer writer turns into one layer.
 *
 * <p>Immutable. Changes are sorted in {@link PathOrder} (a directory before its subtree). For the layer:
 * {@link #whiteouts()} are the deletions to write as {@code .wh.} entries (only the topmost deleted path
 * of a deleted subtree; a type change counts as a deletion), and {@link #toWrite()} are the entries to
 * add or replace, in order. Parent directories of changed entries are not listed unless they changed
 * themselves; the layer writer adds them. Hard links are not resolved here: every entry carries its
 * {@link Entry#fileKey()} and link count, from which the writer can emit hard links.
 *
 * @param changes all changes, one per path
 */
public record ChangeSet(List<Change> changes) {

    private static final Comparator<Change> BY_PATH = (a, b) -> PathOrder.INSTANCE.compare(a.path(), b.path());

    public ChangeSet {
        List<Change> sorted = new ArrayList<>(changes);
        sorted.sort(BY_PATH);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).path().equals(sorted.get(i - 1).path())) {
                throw new IllegalArgumentException("change set: two changes for " + sorted.get(i).path());
            }
        }
        changes = List.copyOf(sorted);
    }

    /** No changes. */
    public static ChangeSet empty() {
        return new ChangeSet(List.of());
    }

    /** True if nothing changed. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The number of changed paths. */
    public int size() {
        return changes.size();
    }

    /** New paths, in order. */
    public List<Change.Added> added() {
        return only(Change.Added.class);
    }

    /** Paths whose content or metadata changed, in order. */
    public List<Change.Modified> modified() {
        return only(Change.Modified.class);
    }

    /** Paths whose file type changed, in order. */
    public List<Change.TypeChanged> typeChanged() {
        return only(Change.TypeChanged.class);
    }

    /** Every deleted path (including those below a deleted directory), in order. */
    public List<Change.Deleted> deleted() {
        return only(Change.Deleted.class);
    }

    /**
     * The entries to write into the layer, in order: added, modified and type-changed paths with their
     * new state.
     */
    public List<Entry> toWrite() {
        List<Entry> list = new ArrayList<>();
        for (Change c : changes) {
            switch (c) {
                case Change.Added a -> list.add(a.after());
                case Change.Modified m -> list.add(m.after());
                case Change.TypeChanged t -> list.add(t.after());
                case Change.Deleted d -> { }
            }
        }
        return List.copyOf(list);
    }

    /**
     * The paths to white out, in order: deleted and type-changed paths, without those below another
     * path of this list (a whiteout of a directory hides its whole subtree in lower layers). Write them
     * before the entries of {@link #toWrite()}: a type-changed path is both whited out and written, and
     * the OCI image spec applies a whiteout only to lower layers, so the order is safe for conforming
     * extractors, and extractors that apply entries in stream order see the deletion first.
     */
    public List<String> whiteouts() {
        List<String> list = new ArrayList<>();
        String top = null;
        for (Change c : changes) {
            if (!(c instanceof Change.Deleted) && !(c instanceof Change.TypeChanged)) {
                continue;
            }
            if (top != null && PathOrder.isAtOrBelow(c.path(), top)) {
                continue;
            }
            top = c.path();
            list.add(top);
        }
        return List.copyOf(list);
    }

    private <T extends Change> List<T> only(Class<T> kind) {
        List<T> list = new ArrayList<>();
        for (Change c : changes) {
            if (kind.isInstance(c)) {
                list.add(kind.cast(c));
            }
        }
        return List.copyOf(list);
    }
}
