package dev.kiln.engine.layer.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.layer.LayerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whiteouts and opaque directories across layers, compared with the tree the OCI spec says must result
 * (https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts).
 */
class WhiteoutTest {

    @TempDir
    Path root;

    @BeforeEach
    void base() throws IOException {
        apply(new LayerBuilder()
                .dir("a/").file("a/1", "a1").file("a/2", "a2").dir("a/sub/").file("a/sub/x", "x")
                .dir("b/").file("b/keep", "old keep").file("b/gone", "g")
                .file("c", "c")
                .dir("d/").file("d/inner", "i")
                .symlink("e", "a")
                .file("f", "f")
                .dir("o/").file("o/old1", "o1").dir("o/olddir/").file("o/olddir/deep", "deep"));
    }

    ExtractResult apply(LayerBuilder layer) throws IOException {
        return new LayerExtractor().extract("layer", new ByteArrayInputStream(layer.gzip()), root);
    }

    @Test
    void deletesReplacesAndReCreatesAcrossLayers() throws IOException {
        ExtractResult one = apply(new LayerBuilder()
                .whiteout(".wh.c")
                .whiteout("b/.wh.gone")
                .file("d", "d is a file now")
                .dir("f/").file("f/new", "f is a dir now")
                .whiteout(".wh.e"));
        assertThat(one.counts().whiteouts()).isEqualTo(3);
        ExtractResult two = apply(new LayerBuilder()
                .file("c", "c again")
                .dir("d/").file("d/again", "again")
                .whiteout("a/.wh.sub")
                .whiteout(".wh.never-existed"));
        assertThat(two.counts().whiteouts()).isEqualTo(2);
        assertThat(tree()).isEqualTo(expected(
                "a/", "a/1=a1", "a/2=a2",
                "b/", "b/keep=old keep",
                "c=c again",
                "d/", "d/again=again",
                "f/", "f/new=f is a dir now",
                "o/", "o/old1=o1", "o/olddir/", "o/olddir/deep=deep"));
    }

    @Test
    void aWhiteoutOfASymlinkRemovesTheLinkNotItsTarget() throws IOException {
        apply(new LayerBuilder().whiteout(".wh.e"));
        assertThat(root.resolve("e")).doesNotExist();
        assertThat(root.resolve("a/1")).hasContent("a1");
    }

    @Test
    void anOpaqueDirectoryHidesLowerEntriesButKeepsThoseOfItsOwnLayerInAnyOrder() throws IOException {
        apply(new LayerBuilder()
                .dir("o/")
                .file("o/before", "written before the marker")
                .whiteout("o/.wh..wh..opq")
                .file("o/after", "written after the marker")
                .dir("o/olddir/").file("o/olddir/fresh", "fresh"));
        assertThat(listing("o")).isEqualTo(expected(
                "o/after=written after the marker", "o/before=written before the marker",
                "o/olddir/", "o/olddir/fresh=fresh"));
    }

    @Test
    void anOpaqueMarkerAfterAnUntouchedSubdirectoryHidesItsLowerContentToo() throws IOException {
        apply(new LayerBuilder().dir("o/olddir/").whiteout("o/.wh..wh..opq"));
        assertThat(listing("o")).isEqualTo(expected("o/olddir/"));
    }

    @Test
    void aWhiteoutDoesNotHideTheSameLayersEntryWhateverTheOrder() throws IOException {
        apply(new LayerBuilder()
                .file("b/keep", "new keep").whiteout("b/.wh.keep")   // after
                .whiteout("a/.wh.1").file("a/1", "new a1"));         // before
        assertThat(root.resolve("b/keep")).hasContent("new keep");
        assertThat(root.resolve("a/1")).hasContent("new a1");
    }

    @Test
    void aWhiteoutOfADirectoryKeepsWhatTheSameLayerPutBelowIt() throws IOException {
        apply(new LayerBuilder().file("a/sub/y", "same layer").whiteout("a/.wh.sub"));
        assertThat(listing("a/sub")).isEqualTo(expected("a/sub/y=same layer"));
    }

    @Test
    void anOpaqueRootHidesEverythingBelow() throws IOException {
        apply(new LayerBuilder().whiteout(".wh..wh..opq").file("only", "me"));
        assertThat(tree()).isEqualTo(expected("only=me"));
    }

    @Test
    void aufsMetadataIsSkipped() throws IOException {
        ExtractResult r = apply(new LayerBuilder().whiteout(".wh..wh.plnk").dir(".wh..wh.aufs/"));
        assertThat(r.counts().skipped()).isEqualTo(2);
        assertThat(root.resolve(".wh..wh.plnk")).doesNotExist();
        assertThat(tree()).containsKey("c");
    }

    @Test
    void whiteoutsFollowSymlinkedParentsInsideTheRoot() throws IOException {
        apply(new LayerBuilder().whiteout("e/.wh.2")); // e -> a
        assertThat(root.resolve("a/2")).doesNotExist();
        assertThat(Posix.statx(root.resolve("e")).type()).isEqualTo(FileType.SYMLINK);
    }

    Map<String, String> tree() throws IOException {
        return listing("");
    }

    /** Path to content ("name=content"), "name/" for directories, "name->target" for links. */
    Map<String, String> listing(String under) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path start = under.isEmpty() ? root : root.resolve(under);
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path p : walk.filter(p -> !p.equals(start)).toList()) {
                String rel = root.relativize(p).toString();
                try {
                    switch (Posix.statx(p).type()) {
                        case DIRECTORY -> out.put(rel + "/", "");
                        case SYMLINK -> out.put(rel, "->" + Posix.readlink(p));
                        default -> out.put(rel, Files.readString(p));
                    }
                } catch (PosixException e) {
                    throw new IOException(e);
                }
            }
        }
        return out;
    }

    static Map<String, String> expected(String... items) {
        Map<String, String> out = new TreeMap<>();
        for (String i : items) {
            int eq = i.indexOf('=');
            if (eq < 0) {
                out.put(i, "");
            } else {
                out.put(i.substring(0, eq), i.substring(eq + 1));
            }
        }
        return out;
    }
}
