package dev.kiln.engine.snapshot;

import dev.kiln.engine.fs.FileType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compares two indexes of one rootfs and reports what changed.
 *
 * <p>Thread-safe and stateless: a pure function of the two indexes, reading no file. When {@code after}
 * was scanned with {@code before} as its previous index, only the entries that scan did not take over
 * unchanged are compared. Paths present only
 * in the later index are {@link Change.Added}; only in the earlier one, {@link Change.Deleted} unless the
 * later index ignores them (a RUN mount point added for one step must not delete what it covers); in
 * both with another file type, {@link Change.TypeChanged}; otherwise {@link Change.Modified} when a
 * difference counts in the mode (see {@link SnapshotMode} and the package documentation).
 */
public final class ChangeDetector {

    private ChangeDetector() {}

    /** The changes from {@code before} to {@code after}, judged in the mode {@code after} was built with. */
    public static ChangeSet diff(Index before, Index after) {
        return diff(before, after, after.mode());
    }

    /** The changes from {@code before} to {@code after}, judged in {@code mode}. */
    public static ChangeSet diff(Index before, Index after, SnapshotMode mode) {
        List<Change> changes = new ArrayList<>();
        List<Entry> fresh = after.freshSince(before);
        // entries that are not fresh are before's own objects: unchanged, and present in both
        int matched = fresh == null ? 0 : after.size() - fresh.size();
        for (Entry now : fresh == null ? after.entries().values() : fresh) {
            Entry was = before.entry(now.path());
            if (was == null) {
                changes.add(new Change.Added(now));
                continue;
            }
            matched++;
            if (was.type() != now.type()) {
                changes.add(new Change.TypeChanged(was, now));
                continue;
            }
            Set<Difference> differences = was.differencesTo(now);
            if (!differences.isEmpty() && counts(mode, was, now, differences)) {
                changes.add(new Change.Modified(was, now, differences));
            }
        }
        if (matched < before.size()) {
            IgnoreList ignores = after.ignores();
            for (Entry was : before.entries().values()) {
                if (after.entry(was.path()) == null && !ignores.isIgnored(was.path())) {
                    changes.add(new Change.Deleted(was));
                }
            }
        }
        return new ChangeSet(changes);
    }

    /**
     * Whether the differences make a change in the mode. {@link SnapshotMode#FULL} judges a regular file
     * by content only when both sides have a hash; without one (an index built in another mode) it falls
     * back to {@link SnapshotMode#EXACT}, which cannot miss a content change.
     */
    private static final Set<Difference> DIRECTORY_INVISIBLE =
            java.util.EnumSet.of(Difference.CTIME, Difference.INODE, Difference.LINKS);

    static boolean counts(SnapshotMode mode, Entry was, Entry now, Set<Difference> differences) {
        if (was.type() == FileType.DIRECTORY && now.type() == FileType.DIRECTORY
                && DIRECTORY_INVISIBLE.containsAll(differences)) {
            // A directory has no hidden content: its entries are reported on their own. A change of only
            // ctime, inode or link count means nothing an image shows changed, e.g. a RUN's mount stub was
            // created and removed and the directory's times were put back (which moves its ctime).
            return false;
        }
        SnapshotMode effective = mode;
        if (mode == SnapshotMode.FULL && now.type() == FileType.REGULAR
                && (was.contentHash() == null || now.contentHash() == null)) {
            effective = SnapshotMode.EXACT;
        }
        for (Difference d : differences) {
            if (effective.isDecisive(d)) {
                return true;
            }
        }
        return false;
    }
}
