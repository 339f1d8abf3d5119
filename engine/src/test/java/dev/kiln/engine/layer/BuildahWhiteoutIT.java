package dev.kiln.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.extract.ImageExtractor;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.engine.layer.extract.RootfsCleaner;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarLimits;
import dev.kiln.engine.layer.tar.TarReader;
import dev.kiln.engine.layer.write.LayerWriteOptions;
import dev.kiln.engine.layer.write.SnapshotLayers;
import dev.kiln.engine.snapshot.IgnoreList;
import dev.kiln.engine.snapshot.IndexOptions;
import dev.kiln.engine.snapshot.Snapshotter;
import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Buildah;
import dev.kiln.testkit.tool.Skopeo;
import dev.kiln.testkit.tool.Umoci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whiteouts as buildah, the reference builder, writes them: a Dockerfile on the testkit busybox deletes a
 * file and directory trees, replaces a file by a directory and a directory by a file, re-creates a deleted
 * path and empties directories of the base ({@code rm -rf /d && mkdir /d}); buildah builds it one layer per
 * step. Kiln must extract buildah's image as umoci unpacks it, and Kiln's own layers for the same steps
 * (Java file operations, snapshot, layer) must give buildah's tree after every step.
 *
 * <p>Compared: paths, types, modes, owners, sizes, contents, link targets, xattrs, device numbers, and the
 * whiteout entries of each step's layer. Not compared: modification times, since the two builders create the
 * files at different moments (buildah also truncates them to whole seconds). Known difference: buildah's
 * chroot isolation leaves the mount targets it creates for a RUN in the layer of the first RUN (empty
 * {@code /etc/hostname}, {@code /etc/hosts} and {@code /etc/resolv.conf}, mode 0755, and {@code /run});
 * Kiln's steps make no such files, so they are left out of the comparison ({@link #RUN_MOUNT_TARGETS}).
 * Both builders write the same whiteouts: one per deleted topmost path, none for a type change (the new
 * entry replaces the old path), and one per old child, not an opaque marker, for a directory deleted and
 * created again.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI, Tool.BUILDAH, Tool.BUSYBOX})
class BuildahWhiteoutIT {

    /** One Dockerfile step, as a RUN line for buildah and as file operations on a Kiln rootfs. */
    private record Step(String run, Ops ops) {}

    @FunctionalInterface
    private interface Ops {
        void apply(Path root) throws IOException;
    }

    private static final List<Step> STEPS = List.of(
            new Step("mkdir -p /data/tree/sub /data/dir2 /data/opq && echo a > /data/file && echo b > /data/tree/sub/b"
                    + " && echo c > /data/tree/c && echo d > /data/dir2/d && echo o > /data/opq/old && echo f > /data/f2d",
                    r -> {
                        dirs(r, "data/tree/sub", "data/dir2", "data/opq");
                        file(r, "data/file", "a\n");
                        file(r, "data/tree/sub/b", "b\n");
                        file(r, "data/tree/c", "c\n");
                        file(r, "data/dir2/d", "d\n");
                        file(r, "data/opq/old", "o\n");
                        file(r, "data/f2d", "f\n");
                    }),
            new Step("rm /data/file /etc/group", r -> {                        // delete files (one of the base)
                Files.delete(r.resolve("data/file"));
                Files.delete(r.resolve("etc/group"));
            }),
            new Step("rm -rf /data/tree /usr/sbin", r -> {                     // delete trees (one of the base)
                RootfsCleaner.delete(r.resolve("data/tree"));
                RootfsCleaner.delete(r.resolve("usr/sbin"));
            }),
            new Step("rm /data/f2d && mkdir /data/f2d && echo in > /data/f2d/inner", r -> {   // file -> directory
                Files.delete(r.resolve("data/f2d"));
                dirs(r, "data/f2d");
                file(r, "data/f2d/inner", "in\n");
            }),
            new Step("rm -rf /data/dir2 && echo now-a-file > /data/dir2", r -> {             // directory -> file
                RootfsCleaner.delete(r.resolve("data/dir2"));
                file(r, "data/dir2", "now-a-file\n");
            }),
            new Step("echo again > /data/file", r -> file(r, "data/file", "again\n")),      // re-create a deleted path
            new Step("rm -rf /sbin && mkdir /sbin && touch /sbin/new", r -> {               // empty a base directory
                RootfsCleaner.delete(r.resolve("sbin"));
                dirs(r, "sbin");
                file(r, "sbin/new", "");
            }),
            new Step("rm -rf /data/opq && mkdir /data/opq && touch /data/opq/new", r -> {   // and one of a lower step
                RootfsCleaner.delete(r.resolve("data/opq"));
                dirs(r, "data/opq");
                file(r, "data/opq/new", "");
            }));

    /** Left by buildah's chroot RUN in its first RUN layer; not part of what the steps do. */
    static final Set<String> RUN_MOUNT_TARGETS = Set.of("etc/hostname", "etc/hosts", "etc/resolv.conf", "run");

    @AutoClose
    static RegistryServer registry;
    @AutoClose
    static Buildah buildah;
    /** Not JUnit's temp dir, which warns about every applet link to /bin/busybox; emptied by Kiln's cleaner. */
    static TempDir temp;
    static Path dir;
    /** buildah's image, pulled into an OCI layout: the busybox layer, then one layer per step. */
    static Image built;
    static Path layout;

    @BeforeAll
    static void buildWithBuildah() throws IOException {
        Fixtures.assumeRoot();
        temp = TempDir.create("kiln-whiteouts-");
        dir = temp.path();
        registry = RegistryServer.startPlain();
        buildah = Buildah.create();
        BaseImages.pushBusybox(registry, "busybox:latest");
        Path context = Files.createDirectory(dir.resolve("context"));
        StringBuilder dockerfile = new StringBuilder("FROM " + registry.reference("busybox:latest") + "\n");
        STEPS.forEach(s -> dockerfile.append("RUN ").append(s.run()).append('\n'));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        buildah.bud(context).pullFrom(registry).tag("localhost/whiteouts:1").layers(true).run();
        buildah.push("localhost/whiteouts:1", registry, "whiteouts:1");
        layout = dir.resolve("oci");
        Skopeo.pull(registry, "whiteouts:1", layout, "whiteouts");
        built = OciLayout.open(layout).image("whiteouts");
    }

    @AfterAll
    static void deleteTrees() throws IOException {
        if (temp != null) {
            RootfsCleaner.delete(dir);
            temp.close();
        }
    }

    @Test
    void kilnAppliesBuildahsWhiteoutsAsUmociDoes() throws IOException {
        assertThat(built.layers()).as("the base layer and one per step").hasSize(1 + STEPS.size());
        Path ours = Files.createDirectory(dir.resolve("kiln-extracted"));
        new ImageExtractor().extract(built, ours);
        Umoci.unpack(layout, "whiteouts", dir.resolve("bundle"));

        assertThat(Trees.differences(Trees.snapshot(ours), Trees.snapshot(dir.resolve("bundle/rootfs")), false, 20))
                .as("differences from umoci's tree").isEmpty();
        assertThat(ours.resolve("etc/group")).doesNotExist();
        assertThat(ours.resolve("usr/sbin")).doesNotExist();
        assertThat(ours.resolve("data/f2d/inner")).hasContent("in");
        assertThat(ours.resolve("data/dir2")).isRegularFile().hasContent("now-a-file");
        assertThat(ours.resolve("data/file")).hasContent("again");
        assertThat(ours.resolve("sbin")).isDirectoryContaining(p -> p.getFileName().toString().equals("new"));
        try (var s = Files.list(ours.resolve("sbin"))) {
            assertThat(s).hasSize(1);
        }
        try (var s = Files.list(ours.resolve("data/opq"))) {
            assertThat(s).extracting(p -> p.getFileName().toString()).containsExactly("new");
        }
    }

    @Test
    void kilnsLayersForTheSameStepsGiveBuildahsTreeAfterEveryStep() throws IOException {
        Image base = OciLayout.open(BaseImages.busyboxLayout(Arch.AMD64)).image(BaseImages.TAG);
        assertThat(built.layers().getFirst().digest()).as("buildah's image starts with the same busybox layer")
                .isEqualTo(base.layers().getFirst().digest());
        Path rootfs = Files.createDirectory(dir.resolve("kiln-rootfs"));
        new ImageExtractor().extract(base, rootfs);
        Snapshotter snapshots = Snapshotter.start(rootfs, IndexOptions.defaults(IgnoreList.none()));
        List<WrittenLayer> kilnLayers = new ArrayList<>();
        Path blobs = dir.resolve("kiln-blobs");

        for (int step = 0; step < STEPS.size(); step++) {
            STEPS.get(step).ops().apply(rootfs);
            kilnLayers.add(SnapshotLayers.write(rootfs, snapshots.snapshot(), LayerWriteOptions.DEFAULT, blobs)
                    .orElseThrow());

            Layer buildahLayer = built.layers().get(step + 1);
            try (InputStream in = buildahLayer.openCompressed()) {
                assertThat(whiteouts(Files.newInputStream(kilnLayers.getLast().blob())))
                        .as("whiteouts of step %d: RUN %s", step + 1, STEPS.get(step).run())
                        .isEqualTo(whiteouts(in));
            }
            Path theirs = Files.createDirectory(dir.resolve("buildah-" + step));
            applyImageLayers(built.layers().subList(0, step + 2), theirs);
            Path ours = Files.createDirectory(dir.resolve("kiln-" + step));
            applyImageLayers(base.layers(), ours);
            applyWrittenLayers(kilnLayers, ours);
            SortedMap<String, Trees.Node> expected = withoutMtimes(theirs);
            expected.keySet().removeIf(p -> RUN_MOUNT_TARGETS.stream().anyMatch(t -> p.equals(t) || p.startsWith(t + "/")));
            assertThat(Trees.differences(withoutMtimes(ours), expected, true, 20))
                    .as("after step %d: RUN %s", step + 1, STEPS.get(step).run())
                    .isEmpty();
        }
    }

    private static void applyImageLayers(List<Layer> layers, Path root) throws IOException {
        LayerExtractor extractor = new LayerExtractor();
        for (Layer l : layers) {
            try (InputStream in = l.openCompressed()) {
                extractor.extract(l.digest(), in, root);
            }
        }
    }

    private static void applyWrittenLayers(List<WrittenLayer> layers, Path root) throws IOException {
        LayerExtractor extractor = new LayerExtractor();
        for (WrittenLayer l : layers) {
            try (InputStream in = Files.newInputStream(l.blob())) {
                extractor.extract(l.digest(), in, root);
            }
        }
    }

    /** The whiteout and opaque entries of a layer blob, by name; the stream is closed. */
    private static SortedSet<String> whiteouts(InputStream blob) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        try (blob) {
            TarReader reader = new TarReader(Compression.open(blob).stream(), TarLimits.DEFAULT);
            for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                String name = e.name().endsWith("/") ? e.name().substring(0, e.name().length() - 1) : e.name();
                if (Whiteouts.isWhiteout(name.substring(name.lastIndexOf('/') + 1))) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static SortedMap<String, Trees.Node> withoutMtimes(Path root) throws IOException {
        return new TreeMap<>(Trees.withoutMtimes(Trees.snapshot(root)));
    }

    /** {@code mkdir -p} with the modes a shell with umask 022 gives. */
    private static void dirs(Path root, String... paths) throws IOException {
        for (String p : paths) {
            Path d = root;
            for (Path part : Path.of(p)) {
                d = d.resolve(part.toString());
                if (!Files.isDirectory(d)) {
                    Files.createDirectory(d);
                    Posix.chmod(d, 0755);
                }
            }
        }
    }

    /** {@code echo > file} or {@code touch file}: mode 0644 under umask 022. */
    private static void file(Path root, String path, String content) throws IOException {
        Path f = Files.writeString(root.resolve(path), content);
        Posix.chmod(f, 0644);
    }
}
