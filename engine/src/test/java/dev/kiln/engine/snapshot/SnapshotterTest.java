package dev.kiln.engine.snapshot;

import static dev.kiln.engine.snapshot.Fixtures.nextTick;
import static dev.kiln.engine.snapshot.Fixtures.options;
import static dev.kiln.engine.snapshot.Fixtures.paths;
import static dev.kiln.engine.snapshot.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotterTest {

    @TempDir
    Path root;

    @Test
    void eachSnapshotReportsOnlyWhatChangedSinceThePreviousOne() throws Exception {
        write(root, "etc/a", "a");
        Snapshotter s = Snapshotter.start(root, options(SnapshotMode.EXACT));
        nextTick();
        write(root, "app/one", "1");
        assertThat(paths(s.snapshot().added())).containsExactly("/app", "/app/one");
        nextTick();
        write(root, "app/two", "2");
        ChangeSet second = s.snapshot();
        assertThat(paths(second.added())).containsExactly("/app/two");
        assertThat(paths(second.modified())).containsExactly("/app");
        assertThat(s.snapshot().isEmpty()).isTrue();
    }

    @Test
    void aDirectoryWhoseTimesWerePutBackIsNotAChangeButAFileIs() throws Exception {
        // What a RUN's mount stubs do to /etc: an entry is created and removed, and the directory's times
        // are restored, which moves only its ctime. A file with the same treatment may hide new content.
        write(root, "etc/a", "a");
        write(root, "etc/file", "old");
        Snapshotter s = Snapshotter.start(root, options(SnapshotMode.EXACT));
        nextTick();
        Path etc = root.resolve("etc");
        java.nio.file.attribute.FileTime dirTime = Files.getLastModifiedTime(etc);
        java.nio.file.attribute.FileTime fileTime = Files.getLastModifiedTime(etc.resolve("file"));
        write(root, "etc/hosts", "stub");
        Files.delete(etc.resolve("hosts"));
        Files.setLastModifiedTime(etc, dirTime);
        Files.writeString(etc.resolve("file"), "new");
        Files.setLastModifiedTime(etc.resolve("file"), fileTime);
        assertThat(paths(s.snapshot().changes())).containsExactly("/etc/file");
    }

    @Test
    void singleSnapshotDiffsTheStartAgainstNow() throws Exception {
        write(root, "etc/a", "a");
        Snapshotter s = Snapshotter.start(root, options(SnapshotMode.EXACT));
        nextTick();
        write(root, "app/one", "1");
        write(root, "tmp/scratch", "x");
        Files.delete(root.resolve("tmp/scratch"));
        Files.delete(root.resolve("tmp"));
        assertThat(paths(s.sinceStart().changes())).containsExactly("/", "/app", "/app/one");
        assertThat(s.baseline()).isSameAs(s.start());
    }

    @Test
    void runMountIgnoresAreForTheirStepOnly() throws Exception {
        write(root, "cache/old", "o");
        Snapshotter s = Snapshotter.start(root, options(SnapshotMode.EXACT));
        nextTick();
        // the step's mount hides /cache: nothing under it is recorded or reported deleted
        write(root, "app", "x");
        ChangeSet step = s.snapshot(IgnoreList.none().withRunMounts(List.of("/cache")));
        assertThat(paths(step.changes())).containsExactly("/", "/app");
        assertThat(s.baseline().get("/cache/old")).isPresent();
        // the next step, without the mount, does not see what was under it as added
        nextTick();
        write(root, "app2", "y");
        assertThat(paths(s.snapshot().changes())).containsExactly("/", "/app2");
    }
}
