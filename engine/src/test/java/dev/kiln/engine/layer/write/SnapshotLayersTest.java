package dev.kiln.engine.layer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.layer.Fixtures;
import dev.kiln.engine.layer.LayerChange;
import dev.kiln.engine.layer.LayerWriteException;
import dev.kiln.engine.layer.Trees;
import dev.kiln.engine.layer.WrittenLayer;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarLimits;
import dev.kiln.engine.layer.tar.TarReader;
import dev.kiln.engine.snapshot.Change;
import dev.kiln.engine.snapshot.ChangeSet;
import dev.kiln.engine.snapshot.Entry;
import dev.kiln.engine.snapshot.IgnoreList;
import dev.kiln.engine.snapshot.IndexOptions;
import dev.kiln.engine.snapshot.Snapshotter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change set of a real rootfs becomes a layer that, applied onto the same base, gives the modified
 * rootfs back: base extracted, baseline snapshot, modifications, snapshot, layer, fresh extraction of base
 * and layer, tree comparison.
 */
class SnapshotLayersTest {

    private static final Instant T0 = Instant.parse("2024-01-02T03:04:05.123456789Z");

    @TempDir
    Path dir;
    Path blobs;
    WrittenLayer base;
    Path rootfs;

    @BeforeEach
    void extractBase() throws IOException {
        blobs = dir.resolve("blobs");
        Path src = Fixtures.everyKind(Files.createDirectory(dir.resolve("src")));
        base = new LayerWriter(LayerWriteOptions.DEFAULT).write(src, LayerWriter.wholeTree(src), blobs);
        rootfs = extract(List.of(base), "rootfs");
    }

    @Test
    void appliedOntoTheBaseTheLayerGivesTheModifiedRootfs() throws IOException {
        Snapshotter snapshots = Snapshotter.start(rootfs, IndexOptions.defaults(IgnoreList.none()));

        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");     // write
        Posix.chmod(rootfs.resolve("usr/bin/tool"), 0700);                                        // chmod
        deleteTree(rootfs.resolve("etc/ssl"));                                                    // delete a tree
        Files.delete(rootfs.resolve("usr/bin/empty"));                                            // file -> dir
        Files.createDirectories(rootfs.resolve("usr/bin/empty/sub"));
        Files.writeString(rootfs.resolve("usr/bin/empty/sub/now"), "a directory now");
        deleteTree(rootfs.resolve("home/user with spaces"));                                      // dir -> file
        Files.writeString(rootfs.resolve("home/user with spaces"), "a file now");
        Files.createLink(rootfs.resolve("usr/bin/big-link"), rootfs.resolve("usr/lib/big.so"));   // new hardlink
        Files.createSymbolicLink(rootfs.resolve("usr/bin/sh"), Path.of("/usr/bin/tool"));        // new symlink
        Files.delete(rootfs.resolve("dangling"));                                                 // delete a link
        Files.createDirectories(rootfs.resolve("opt/app"));                                       // new tree
        Files.writeString(rootfs.resolve("opt/app/run.sh"), "#!/bin/sh\n");
        Xattrs.set(rootfs.resolve("usr/bin/ping"), "user.note", "changed".getBytes(StandardCharsets.UTF_8));
        if (Fixtures.isRoot()) {
            Posix.lchown(rootfs.resolve("opt/app/run.sh"), 1234, 5678);
        }
        Posix.setTimes(rootfs.resolve("opt/app/run.sh"), T0, T0);
        ChangeSet changes = snapshots.snapshot();

        WrittenLayer layer = SnapshotLayers.write(rootfs, changes, LayerWriteOptions.DEFAULT, blobs).orElseThrow();
        assertThat(names(layer)).contains("etc/.wh.ssl", "usr/bin/big-link", "usr/bin/empty/sub/now", ".wh.dangling")
                .as("a type change needs no whiteout: the entry replaces the lower path")
                .doesNotContain("usr/bin/.wh.empty", "home/.wh.user with spaces");
        Path fresh = extract(List.of(base, layer), "fresh");
        assertSameTree(fresh, rootfs);
        assertThat(Posix.statx(fresh.resolve("usr/bin/big-link")).ino())
                .as("the new name is a hard link of big.so in the layer too")
                .isEqualTo(Posix.statx(fresh.resolve("usr/lib/big.so")).ino());
    }

    @Test
    void successiveStepsStackUpToTheFinalRootfs() throws IOException {
        Snapshotter snapshots = Snapshotter.start(rootfs, IndexOptions.defaults(IgnoreList.none()));
        List<WrittenLayer> layers = new ArrayList<>(List.of(base));

        Files.delete(rootfs.resolve("etc/passwd"));
        deleteTree(rootfs.resolve("usr/lib"));
        layers.add(SnapshotLayers.write(rootfs, snapshots.snapshot(), LayerWriteOptions.DEFAULT, blobs).orElseThrow());

        Files.writeString(rootfs.resolve("etc/passwd"), "re-created\n");              // a deleted path again
        Files.createDirectories(rootfs.resolve("usr/lib"));                           // a deleted dir again, empty
        Files.writeString(rootfs.resolve("usr/lib/only"), "only this");
        deleteTree(rootfs.resolve("tmp"));                                            // rm -rf /tmp && mkdir /tmp
        Files.createDirectory(rootfs.resolve("tmp"));
        Posix.chmod(rootfs.resolve("tmp"), 01777);
        layers.add(SnapshotLayers.write(rootfs, snapshots.snapshot(), LayerWriteOptions.DEFAULT, blobs).orElseThrow());

        Path fresh = extract(layers, "fresh");
        assertSameTree(fresh, rootfs);
        assertThat(fresh.resolve("usr/lib/big.so")).doesNotExist();
        assertThat(fresh.resolve("etc/passwd")).hasContent("re-created");
    }

    @Test
    void aSymlinkReplacedByARealDirectoryStaysADirectoryWhenTheLayersAreApplied() throws IOException {
        List<WrittenLayer> layers = new ArrayList<>(List.of(base));
        Snapshotter snapshots = Snapshotter.start(rootfs, IndexOptions.defaults(IgnoreList.none()));
        Files.createDirectories(rootfs.resolve("usr/share"));                      // merged-/usr style link
        Files.createSymbolicLink(rootfs.resolve("share"), Path.of("usr/share"));
        layers.add(SnapshotLayers.write(rootfs, snapshots.snapshot(), LayerWriteOptions.DEFAULT, blobs).orElseThrow());

        Files.delete(rootfs.resolve("share"));                                        // rm /share && mkdir /share
        Files.createDirectory(rootfs.resolve("share"));
        Files.writeString(rootfs.resolve("share/own"), "own");
        layers.add(SnapshotLayers.write(rootfs, snapshots.snapshot(), LayerWriteOptions.DEFAULT, blobs).orElseThrow());

        Path fresh = extract(layers, "fresh");
        assertSameTree(fresh, rootfs);
        assertThat(Posix.statx(fresh.resolve("share")).type()).isEqualTo(FileType.DIRECTORY);
        assertThat(fresh.resolve("usr/share/own")).doesNotExist();
    }

    @Test
    void aStepThatChangedNothingGivesNoLayer() throws IOException {
        Snapshotter snapshots = Snapshotter.start(rootfs, IndexOptions.defaults(IgnoreList.none()));
        assertThat(SnapshotLayers.write(rootfs, snapshots.snapshot(), LayerWriteOptions.DEFAULT, blobs)).isEmpty();

        Posix.chmod(rootfs, 0700); // only the root's own metadata: a layer has no entry for "/"
        ChangeSet onlyRoot = snapshots.snapshot();
        assertThat(onlyRoot.changes()).extracting(Change::path).containsExactly("/");
        assertThat(SnapshotLayers.write(rootfs, onlyRoot, LayerWriteOptions.DEFAULT, blobs)).isEmpty();
        try (Stream<Path> s = Files.list(blobs)) {
            assertThat(s).as("only the base blob").containsExactly(base.blob());
        }
    }

    @Test
    void typeChangesBecomeADeleteAndAPutAndDeletionsComeFirst() {
        Entry dirBefore = entry("/d", FileType.DIRECTORY, null);
        Entry fileAfter = entry("/d", FileType.REGULAR, null);
        Entry child = entry("/d/x", FileType.REGULAR, null);
        Entry added = entry("/a", FileType.SYMLINK, "/d");
        Entry gone = entry("/z", FileType.REGULAR, null);
        ChangeSet set = new ChangeSet(List.of(new Change.Added(added), new Change.Deleted(gone),
                new Change.TypeChanged(dirBefore, fileAfter), new Change.Deleted(child)));

        assertThat(SnapshotLayers.changes(set)).containsExactly(new LayerChange.Delete("/d"),
                new LayerChange.Delete("/z"), new LayerChange.Put("/a"), new LayerChange.Put("/d"));
    }

    @Test
    void aPathThatVanishedAfterTheScanIsNamedInTheError() throws IOException {
        Snapshotter snapshots = Snapshotter.start(rootfs, IndexOptions.defaults(IgnoreList.none()));
        Files.writeString(rootfs.resolve("etc/new"), "new");
        ChangeSet changes = snapshots.snapshot();
        Files.delete(rootfs.resolve("etc/new"));

        assertThatThrownBy(() -> SnapshotLayers.write(rootfs, changes, LayerWriteOptions.DEFAULT, blobs))
                .isInstanceOf(LayerWriteException.class)
                .hasMessageContaining("entry \"etc/new\": does not exist in the rootfs");
        try (Stream<Path> s = Files.list(blobs)) {
            assertThat(s).as("no temporary file left").containsExactly(base.blob());
        }
    }

    private static Entry entry(String path, FileType type, String link) {
        return new Entry(path, type, type.bits() | 0644, 0, 0, 1, T0, T0, 1, 1, 1, 0, link, null, null, false);
    }

    private Path extract(List<WrittenLayer> layers, String name) throws IOException {
        Path out = Files.createDirectory(dir.resolve(name));
        LayerExtractor extractor = new LayerExtractor();
        for (WrittenLayer l : layers) {
            try (InputStream in = Files.newInputStream(l.blob())) {
                extractor.extract(l.digest(), in, out);
            }
        }
        return out;
    }

    /**
     * Same paths, types, modes, owners, sizes, contents, link targets, xattrs, device numbers, and mtimes
     * (directories included: the layer carries the new times of every directory it touches).
     */
    static void assertSameTree(Path actual, Path expected) throws IOException {
        SortedMap<String, Trees.Node> a = Trees.snapshot(actual);
        SortedMap<String, Trees.Node> e = Trees.snapshot(expected);
        assertThat(a.keySet()).isEqualTo(e.keySet());
        assertThat(a).isEqualTo(e);
    }

    private static List<String> names(WrittenLayer layer) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(layer.blob())) {
            TarReader reader = new TarReader(Compression.open(in).stream(), TarLimits.DEFAULT);
            for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                names.add(e.name());
            }
        }
        return names;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
