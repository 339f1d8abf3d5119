package dev.kiln.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.layer.extract.ExtractOptions;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.engine.layer.write.LayerWriteOptions;
import dev.kiln.engine.layer.write.LayerWriter;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tool.Umoci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.SortedMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with umoci, a Go implementation of the OCI layer spec: layers we write must unpack
 * in umoci to the tree we wrote them from, and images umoci builds (with its own whiteouts) must extract
 * with our extractor to the tree umoci unpacks.
 */
@RequiresTools(Tool.UMOCI)
class UmociLayerIT {

    @TempDir
    Path base;

    @BeforeEach
    void root() {
        Fixtures.assumeRoot();
    }

    @Test
    void umociUnpacksOurLayerToTheSourceTree() throws Exception {
        Path src = Fixtures.everyKind(Files.createDirectory(base.resolve("src")));
        Path layout = base.resolve("layout");
        WrittenLayer layer = new LayerWriter(LayerWriteOptions.DEFAULT).write(src, LayerWriter.wholeTree(src),
                OciLayout.blobs(layout));
        OciLayout.write(layout, "test", List.of(layer));
        Umoci.unpack(layout, "test", base.resolve("bundle"));
        Path umociRoot = base.resolve("bundle/rootfs");

        Path ours = extractAll(List.of(layer.blob()), "ours");
        assertSameTree(umociRoot, src);
        assertSameTree(ours, src);
    }

    @Test
    void umociAppliesOurWhiteoutsAndOpaqueDirectoriesAsWeDo() throws Exception {
        Path src = Files.createDirectory(base.resolve("src"));
        Files.createDirectories(src.resolve("etc/conf.d"));
        Files.writeString(src.resolve("etc/conf.d/a"), "a");
        Files.writeString(src.resolve("etc/conf.d/b"), "b");
        Files.createDirectories(src.resolve("var/cache/apt"));
        Files.writeString(src.resolve("var/cache/apt/pkg"), "p");
        Files.writeString(src.resolve("file-then-dir"), "f");
        Path layout = base.resolve("layout");
        LayerWriter writer = new LayerWriter(LayerWriteOptions.DEFAULT);
        WrittenLayer first = writer.write(src, LayerWriter.wholeTree(src), OciLayout.blobs(layout));

        Files.delete(src.resolve("etc/conf.d/a"));
        deleteTree(src.resolve("var/cache/apt"));
        Files.createDirectories(src.resolve("var/cache/apt"));
        Files.writeString(src.resolve("var/cache/apt/new"), "n");
        Files.delete(src.resolve("file-then-dir"));
        Files.createDirectories(src.resolve("file-then-dir"));
        Files.writeString(src.resolve("file-then-dir/inner"), "i");
        WrittenLayer second = writer.write(src, List.of(new LayerChange.Delete("etc/conf.d/a"),
                new LayerChange.Opaque("var/cache/apt"), new LayerChange.Put("var/cache/apt/new"),
                new LayerChange.Put("file-then-dir"), new LayerChange.Put("file-then-dir/inner")), OciLayout.blobs(layout));
        OciLayout.write(layout, "two", List.of(first, second));

        Umoci.unpack(layout, "two", base.resolve("bundle"));
        assertSameTree(base.resolve("bundle/rootfs"), src);
        assertSameTree(extractAll(List.of(first.blob(), second.blob()), "ours"), src);
    }

    @Test
    @RequiresTools(Tool.BUSYBOX)
    void aBusyboxImageBuiltByUmociExtractsAsUmociUnpacksIt() throws Exception {
        Path layout = base.resolve("oci");
        String image = layout + ":latest";
        Umoci.init(layout);
        Umoci.newImage(layout, "latest");
        Path bundle = base.resolve("bundle");
        Umoci.unpack(layout, "latest", bundle);
        Path r = bundle.resolve("rootfs");
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "tmp", "root", "proc", "sys", "dev", "var/log")) {
            Files.createDirectories(r.resolve(d));
        }
        Posix.chmod(r.resolve("tmp"), 01777);
        Path busybox = Files.isExecutable(Path.of("/bin/busybox")) ? Path.of("/bin/busybox") : Path.of("/usr/bin/busybox");
        Files.copy(busybox, r.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : Command.of(busybox.toString(), "--list-full").check().stdout().strip().split("\n")) {
            if (!applet.equals("bin/busybox") && !applet.isBlank()) {
                Files.createDirectories(r.resolve(applet).getParent());
                Files.createSymbolicLink(r.resolve(applet), Path.of("/bin/busybox"));
            }
        }
        Files.writeString(r.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(r.resolve("var/log/old.log"), "old");
        Files.writeString(r.resolve("etc/motd"), "hello");
        Command.of(Tool.UMOCI, "repack", "--refresh-bundle", "--image", image, bundle.toString()).check();
        // a second layer with deletions, a file replaced by a directory and a re-created directory
        Files.delete(r.resolve("etc/motd"));
        Files.createDirectories(r.resolve("etc/motd"));
        Files.writeString(r.resolve("etc/motd/part"), "now a directory");
        deleteTree(r.resolve("var/log"));
        Files.delete(r.resolve("bin/ls"));
        Umoci.repack(layout, "latest", bundle);
        Umoci.config(layout, "latest", "--config.cmd", "sh");

        List<Path> layers = OciLayout.layers(layout);
        assertThat(layers).hasSize(2);
        assertThat(names(layers.get(1))).as("umoci's own whiteouts").contains("bin/.wh.ls", "var/.wh.log");
        Umoci.unpack(layout, "latest", base.resolve("reference"));
        Path ours = extractAll(layers, "ours");
        assertSameTree(ours, base.resolve("reference/rootfs"));
        assertThat(Posix.readlink(ours.resolve("bin/sh"))).isEqualTo("/bin/busybox");
        assertThat(ours.resolve("bin/ls")).doesNotExist();
        assertThat(ours.resolve("var/log")).doesNotExist();
        assertThat(ours.resolve("etc/motd/part")).hasContent("now a directory");
        assertThat(Command.of(ours.resolve("bin/busybox").toString(), "echo", "runs").check().stdout()).isEqualTo("runs\n");
    }

    private Path extractAll(List<Path> blobs, String name) throws IOException {
        Path out = Files.createDirectory(base.resolve(name));
        LayerExtractor extractor = new LayerExtractor(ExtractOptions.DEFAULT.withComputeDigests(true));
        for (Path blob : blobs) {
            try (InputStream in = Files.newInputStream(blob)) {
                ExtractResult r = extractor.extract(blob.getFileName().toString(), in, out);
                assertThat(r.digest().encoded()).isEqualTo(blob.getFileName().toString());
            }
        }
        return out;
    }

    /**
     * Same paths, types, modes, owners, sizes, content, link targets, xattrs and device numbers; mtimes
     * of everything but directories (a directory's mtime moves when a later layer changes its children,
     * in any extractor).
     */
    private static void assertSameTree(Path actual, Path expected) throws IOException {
        SortedMap<String, Trees.Node> a = Trees.snapshot(actual);
        SortedMap<String, Trees.Node> e = Trees.snapshot(expected);
        assertThat(a.keySet()).isEqualTo(e.keySet());
        assertThat(Trees.withoutMtimes(a)).isEqualTo(Trees.withoutMtimes(e));
        a.forEach((path, node) -> {
            if (node.type() != dev.kiln.engine.fs.FileType.DIRECTORY) {
                assertThat(node.mtime()).as("mtime of %s", path).isEqualTo(e.get(path).mtime());
            }
        });
    }

    private static List<String> names(Path blob) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (InputStream in = Files.newInputStream(blob)) {
            var reader = new dev.kiln.engine.layer.tar.TarReader(dev.kiln.engine.layer.compress.Compression.open(in).stream(),
                    dev.kiln.engine.layer.tar.TarLimits.DEFAULT);
            for (var e = reader.next(); e != null; e = reader.next()) {
                names.add(e.name());
            }
        }
        return names;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
