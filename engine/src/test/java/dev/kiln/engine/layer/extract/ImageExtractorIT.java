package dev.kiln.engine.layer.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.layer.Fixtures;
import dev.kiln.engine.layer.Trees;
import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tool.Umoci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kiln's image extraction gives the tree umoci unpacks, for a multi-layer image Kiln built and for busybox. */
@RequiresTools({Tool.UMOCI, Tool.BUSYBOX})
class ImageExtractorIT {

    @TempDir
    Path dir;

    @BeforeEach
    void root() {
        Fixtures.assumeRoot();
    }

    @Test
    void aMultiLayerImageWithWhiteoutsExtractsAsUmociUnpacksIt() throws IOException {
        Path layout = dir.resolve("oci");
        // umoci 0.4 reads gzip and plain layers, not zstd
        OciLayout.create(layout).writeImage(TestLayers.image(TestLayers.threeLayers(false)), "three");
        Image image = OciLayout.open(layout).image("three");

        Path ours = Files.createDirectory(dir.resolve("ours"));
        List<ExtractResult> results = new ImageExtractor().extract(image, ours);
        Umoci.unpack(layout, "three", dir.resolve("bundle"));

        assertThat(results).hasSize(3);
        assertSameTree(ours, dir.resolve("bundle/rootfs"));
        assertThat(Trees.hardlinkGroups(ours)).containsExactly(List.of("usr/bin/tool", "usr/bin/tool2"));
    }

    @Test
    void theTestkitBusyboxExtractsAsUmociUnpacksItAndRuns() throws IOException {
        Path layout = BaseImages.busyboxLayout(Arch.AMD64);
        Image image = OciLayout.open(layout).image(BaseImages.TAG);

        Path ours = Files.createDirectory(dir.resolve("ours"));
        new ImageExtractor().extract(image, ours);
        Umoci.unpack(layout, BaseImages.TAG, dir.resolve("bundle"));

        assertSameTree(ours, dir.resolve("bundle/rootfs"));
        assertThat(Command.of(ours.resolve("bin/busybox").toString(), "echo", "runs").check().stdout()).isEqualTo("runs\n");
    }

    /** Everything but the mtimes of directories, which umoci does not restore after writing into them. */
    private static void assertSameTree(Path actual, Path expected) throws IOException {
        assertThat(Trees.differences(Trees.snapshot(actual), Trees.snapshot(expected), false, 20)).isEmpty();
    }
}
