package dev.kiln.engine.snapshot;

import static dev.kiln.engine.snapshot.Fixtures.T0;
import static dev.kiln.engine.snapshot.Fixtures.dir;
import static dev.kiln.engine.snapshot.Fixtures.file;
import static dev.kiln.engine.snapshot.Fixtures.index;
import static dev.kiln.engine.snapshot.Fixtures.paths;
import static dev.kiln.engine.snapshot.Fixtures.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts: ordering, whiteouts, and the racy rule, on indexes built by hand. */
class ChangeSetTest {

    private static final Digest H1 = Digest.sha256("one".getBytes(StandardCharsets.UTF_8));
    private static final Digest H2 = Digest.sha256("two".getBytes(StandardCharsets.UTF_8));

    @Test
    void changesAreInPathOrderWithEachDirectoryBeforeItsSubtree() {
        ChangeSet cs = new ChangeSet(List.of(new Change.Added(dir("/a-b", 1)), new Change.Added(file("/a/b", 2, T0, null, false)),
                new Change.Added(dir("/a", 3)), new Change.Added(file("/a/b/../c", 4, T0, null, false))));
        assertThat(paths(cs.changes())).containsExactly("/a", "/a/b", "/a/b/../c", "/a-b");
    }

    @Test
    void twoChangesForOnePathAreRefused() {
        assertThatThrownBy(() -> new ChangeSet(List.of(new Change.Added(dir("/a", 1)), new Change.Deleted(dir("/a", 1)))))
                .hasMessage("change set: two changes for /a");
    }

    @Test
    void whiteoutsKeepOnlyTheTopmostDeletedPathIncludingTypeChanges() {
        Index before = index(dir("/", 1), dir("/a", 2), dir("/a/b", 3), file("/a/b/c", 4, T0, null, false),
                file("/a-z", 5, T0, null, false), dir("/d", 6), file("/d/e", 7, T0, null, false),
                dir("/keep", 8), file("/keep/gone", 9, T0, null, false));
        Index after = index(dir("/", 1), symlink("/d", 10, "/a"), dir("/keep", 8));
        ChangeSet cs = ChangeDetector.diff(before, after);
        assertThat(paths(cs.deleted())).containsExactly("/a", "/a/b", "/a/b/c", "/a-z", "/d/e", "/keep/gone");
        assertThat(paths(cs.typeChanged())).containsExactly("/d");
        assertThat(cs.whiteouts()).containsExactly("/a", "/a-z", "/d", "/keep/gone");
        assertThat(cs.toWrite()).extracting(Entry::path).containsExactly("/d");
    }

    @Test
    void deletionsUnderPathsTheLaterIndexIgnoresAreNotReported() {
        Index before = index(dir("/", 1), dir("/cache", 2), file("/cache/x", 3, T0, null, false));
        Index after = new Index(before.root(), Fixtures.options(SnapshotMode.EXACT)
                .withIgnores(IgnoreList.none().withRunMounts(List.of("/cache"))), T0,
                java.util.Map.of("/", dir("/", 1)));
        assertThat(ChangeDetector.diff(before, after).isEmpty()).isTrue();
    }

    @Test
    void equalStatsWithDifferentHashesAreAContentChange() {
        ChangeSet cs = ChangeDetector.diff(index(file("/f", 1, T0, H1, true)), index(file("/f", 1, T0, H2, false)));
        assertThat(cs.modified()).singleElement().satisfies(m -> assertThat(m.differences()).containsExactly(Difference.CONTENT));
    }

    @Test
    void racyHashedEntryWithoutHashToCompareIsReportedUnverified() {
        ChangeSet cs = ChangeDetector.diff(index(file("/f", 1, T0, H1, true)), index(file("/f", 1, T0, null, false)));
        assertThat(cs.modified()).singleElement().satisfies(m -> assertThat(m.differences()).containsExactly(Difference.UNVERIFIED));
        assertThat(ChangeDetector.diff(index(file("/f", 1, T0, H1, false)), index(file("/f", 1, T0, null, false))).isEmpty())
                .as("a non-racy stat proves the content").isTrue();
    }

    @Test
    void fullModeJudgesByContentWhenBothHashesAreKnownAndFallsBackToExactOtherwise() {
        Entry before = file("/f", 1, T0, H1, false);
        Entry newInodeSameContent = file("/f", 2, T0.plusSeconds(5), H1, false);
        assertThat(ChangeDetector.diff(index(before), index(newInodeSameContent), SnapshotMode.FULL).isEmpty()).isTrue();
        assertThat(ChangeDetector.diff(index(before), index(newInodeSameContent), SnapshotMode.EXACT).modified()).hasSize(1);
        Entry unhashed = file("/f", 2, T0.plusSeconds(5), null, false);
        assertThat(ChangeDetector.diff(index(before), index(unhashed), SnapshotMode.FULL).modified()).singleElement()
                .satisfies(m -> assertThat(m.differences()).contains(Difference.CTIME, Difference.INODE));
    }

    @Test
    void timeModeCountsOnlyMtimeAndType() {
        Entry before = file("/f", 1, T0, null, false);
        Entry chowned = new Entry("/f", before.type(), before.mode(), 5, 5, 99, T0, T0.plusSeconds(1), 1, before.dev(),
                1, 0, null, null, null, false);
        assertThat(ChangeDetector.diff(index(before), index(chowned), SnapshotMode.TIME).isEmpty()).isTrue();
        assertThat(ChangeDetector.diff(index(before), index(chowned), SnapshotMode.REDO).modified()).singleElement()
                .satisfies(m -> assertThat(m.differences()).contains(Difference.OWNER, Difference.SIZE, Difference.CTIME));
    }

    @Test
    void symlinkEntryNeedsATargetAndOnlySymlinksHaveOne() {
        assertThatThrownBy(() -> new Entry("/l", dev.kiln.engine.fs.FileType.SYMLINK, 0120777, 0, 0, 1, T0, T0, 1, 1, 1, 0,
                null, null, null, false)).hasMessage("entry /l: a link target is required for a symlink and only for one"
                + " (type SYMLINK)");
    }
}
