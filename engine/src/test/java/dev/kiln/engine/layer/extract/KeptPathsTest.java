package dev.kiln.engine.layer.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.layer.ExtractException;
import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.layer.LayerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExtractOptions#keep}: what an in-place build's ignore list protects is never written, whited out
 * or removed by a layer.
 */
class KeptPathsTest {

    private static final List<String> KEPT = List.of("/kiln", "/mnt/vol", "/etc/mtab");
    private static final Predicate<String> KEEP = p -> KEPT.stream().anyMatch(k -> p.equals(k) || p.startsWith(k + "/"));

    @TempDir
    Path root;

    @BeforeEach
    void containerFiles() throws IOException {
        Files.createDirectories(root.resolve("kiln/work"));
        Files.writeString(root.resolve("kiln/work/state"), "executor");
        Files.createDirectories(root.resolve("mnt/vol"));
        Files.writeString(root.resolve("mnt/vol/data"), "volume");
        Files.writeString(root.resolve("mnt/other"), "not kept");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/mtab"), "container mtab");
    }

    private ExtractResult apply(LayerBuilder layer) throws IOException {
        return new LayerExtractor(ExtractOptions.DEFAULT.withKeep(KEEP))
                .extract("layer", new ByteArrayInputStream(layer.gzip()), root);
    }

    @Test
    void entriesAtOrBelowKeptPathsAreSkipped() throws IOException {
        ExtractResult r = apply(new LayerBuilder().dir("kiln/").file("kiln/work/state", "from the image")
                .file("etc/mtab", "image mtab").file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
                .dir("mnt/").dir("mnt/vol/").file("mnt/vol/data", "image data"));
        assertThat(root.resolve("kiln/work/state")).hasContent("executor");
        assertThat(root.resolve("etc/mtab")).hasContent("container mtab");
        assertThat(root.resolve("mnt/vol/data")).hasContent("volume");
        assertThat(root.resolve("etc/passwd")).hasContent("root:x:0:0::/root:/bin/sh\n");
        assertThat(r.counts().skipped()).isEqualTo(5);
    }

    @Test
    void anEntryWhoseParentIsALinkIntoAKeptPathIsSkipped() throws IOException {
        apply(new LayerBuilder().symlink("k", "/kiln").file("k/work/state", "through the link"));
        assertThat(root.resolve("kiln/work/state")).hasContent("executor");
        assertThat(root.resolve("k")).isSymbolicLink();
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesLeaveKeptPathsAlone() throws IOException {
        apply(new LayerBuilder().whiteout(".wh.kiln").whiteout("etc/.wh.mtab").dir("mnt/").whiteout("mnt/.wh..wh..opq"));
        assertThat(root.resolve("kiln/work/state")).hasContent("executor");
        assertThat(root.resolve("etc/mtab")).hasContent("container mtab");
        assertThat(root.resolve("mnt/vol/data")).hasContent("volume");
        assertThat(root.resolve("mnt/other")).doesNotExist();
    }

    @Test
    void aWhiteoutNamedThroughALinkIsJudgedByItsNameAsWritten() throws IOException {
        // kaniko checks the path as written: /kiln is kept even when a layer reaches it as k/ -> /opt
        Files.createDirectories(root.resolve("opt/work"));
        Files.writeString(root.resolve("opt/work/x"), "x");
        Files.move(root.resolve("kiln"), root.resolve("kiln-real"));
        Files.createSymbolicLink(root.resolve("kiln"), Path.of("/opt"));
        apply(new LayerBuilder().whiteout("kiln/work/.wh.x").dir("kiln/").whiteout("kiln/.wh..wh..opq"));
        assertThat(root.resolve("opt/work/x")).hasContent("x");
    }

    @Test
    void aWhiteoutOfAnAncestorRemovesEverythingButTheKeptPathsBelowIt() throws IOException {
        apply(new LayerBuilder().whiteout(".wh.mnt").whiteout(".wh.etc"));
        assertThat(root.resolve("mnt/vol/data")).hasContent("volume");
        assertThat(root.resolve("mnt/other")).doesNotExist();
        assertThat(root.resolve("etc/mtab")).hasContent("container mtab");
    }

    @Test
    void replacingADirectoryThatHoldsAKeptPathFailsNamingIt() throws IOException {
        assertThatThrownBy(() -> apply(new LayerBuilder().symlink("mnt", "/media")))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("cannot replace the directory mnt: it holds paths the extraction keeps");
        assertThat(root.resolve("mnt/vol/data")).hasContent("volume");
    }

    @Test
    void aHardlinkToAKeptFileIsNotCreated() throws IOException {
        ExtractResult r = apply(new LayerBuilder().dir("etc/").hardlink("etc/mtab-link", "etc/mtab"));
        assertThat(root.resolve("etc/mtab-link")).doesNotExist();
        assertThat(r.warnings()).anyMatch(w -> w.contains("not linked: its target \"etc/mtab\" is a path the extraction keeps"));
    }

    @Test
    void withoutAKeepPredicateLayersReplaceEverything() throws IOException {
        new LayerExtractor().extract("layer", new ByteArrayInputStream(new LayerBuilder()
                .file("etc/mtab", "image mtab").whiteout(".wh.kiln").gzip()), root);
        assertThat(root.resolve("etc/mtab")).hasContent("image mtab");
        assertThat(root.resolve("kiln")).doesNotExist();
    }
}
