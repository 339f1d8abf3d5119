package dev.kiln.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.layer.extract.ImageExtractor;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.engine.layer.extract.RootfsCleaner;
import dev.kiln.engine.layer.write.LayerWriteOptions;
import dev.kiln.engine.layer.write.LayerWriter;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tool.Umoci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slow suite on a real distribution: a Debian bookworm minbase image (debootstrap, built once per
 * machine by the testkit) extracted by Kiln must give the tree umoci unpacks, and the whole tree written
 * back as one layer by Kiln must extract to the same tree again.
 */
@RequiresTools({Tool.DEBOOTSTRAP, Tool.UMOCI})
class DebianRoundTripIT {

    /**
     * Not JUnit's temp dir, which warns about each of the thousand symlinks out of it: the testkit's (removed
     * at JVM exit if a test dies), emptied by Kiln's own cleaner.
     */
    static TempDir temp;
    static Path dir;
    static Image image;
    static Path kiln;

    @BeforeAll
    static void extractWithKiln() throws IOException {
        Fixtures.assumeRoot();
        temp = TempDir.create("kiln-debian-");
        dir = temp.path();
        Path layout = BaseImages.debianLayout();
        image = OciLayout.open(layout).image(BaseImages.TAG);
        kiln = Files.createDirectory(dir.resolve("kiln"));
        var results = new ImageExtractor().extract(image, kiln);
        assertThat(results).extracting(ExtractResult::diffId).containsExactlyElementsOf(image.config().diffIds());
    }

    @AfterAll
    static void deleteTrees() throws IOException {
        if (temp != null) {
            RootfsCleaner.delete(dir);
            temp.close();
        }
    }

    @Test
    void kilnExtractsTheImageAsUmociUnpacksIt() throws IOException {
        Umoci.unpack(BaseImages.debianLayout(), BaseImages.TAG, dir.resolve("bundle"));
        Path umoci = dir.resolve("bundle/rootfs");

        SortedMap<String, Trees.Node> ours = Trees.snapshot(kiln);
        SortedMap<String, Trees.Node> theirs = Trees.snapshot(umoci);
        assertThat(ours).as("a real distribution").hasSizeGreaterThan(5_000).containsKeys("etc/debian_version",
                "usr/bin/apt", "usr/bin/bash", "var/lib/dpkg/status");
        // nodes hold path, type, mode, owner, size, content hash, link target, device number, every xattr
        // (security.capability included, on whatever file has one) and, but for directories, the mtime
        assertThat(Trees.differences(ours, theirs, false, 20)).as("differences from umoci's tree").isEmpty();
        assertThat(Trees.hardlinkGroups(kiln)).isEqualTo(Trees.hardlinkGroups(umoci));
    }

    @Test
    void theWholeTreeWrittenAsOneLayerExtractsToTheSameTree() throws IOException {
        WrittenLayer layer = new LayerWriter(LayerWriteOptions.DEFAULT).write(kiln, LayerWriter.wholeTree(kiln),
                dir.resolve("blobs"));
        Path again = Files.createDirectory(dir.resolve("again"));
        try (InputStream in = Files.newInputStream(layer.blob())) {
            new LayerExtractor().extract(layer.digest(), in, again);
        }

        SortedMap<String, Trees.Node> expected = Trees.snapshot(kiln);
        assertThat(Trees.differences(Trees.snapshot(again), expected, true, 20))
                .as("differences after a round trip through Kiln's writer and extractor, directory times included")
                .isEmpty();
        assertThat(Trees.hardlinkGroups(again)).isEqualTo(Trees.hardlinkGroups(kiln));
    }
}
