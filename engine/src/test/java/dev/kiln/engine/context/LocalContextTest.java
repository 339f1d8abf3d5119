package dev.kiln.engine.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContextTest {

    static final Instant T = Instant.parse("2021-02-03T04:05:06.000000007Z");

    @TempDir
    Path base;
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectory(base.resolve("ctx"));
        write("a.txt", "A");
        write("b.log", "B");
        write("src/main.c", "int main;");
        write("src/gen/out.o", "o");
        write("keep/me", "k");
        Files.createDirectories(dir.resolve("ignored"));
        write("ignored/inside", "i");
        Posix.symlink("a.txt", dir.resolve("link"));
        Posix.symlink("/a.txt", dir.resolve("abs"));
        Posix.symlink("../../../etc/passwd", dir.resolve("escape"));
        Posix.symlink("b.log", dir.resolve("to-ignored"));
        Files.writeString(dir.resolve(".dockerignore"), "*.log\nsrc/gen\nignored\nkeep\n!keep/me\n");
    }

    private void write(String rel, String content) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Posix.setTimes(p, T, T);
    }

    @Test
    void opensDirUrlsAndPlainPathsWithTheirIgnoreFile() throws IOException {
        LocalContext byUrl = LocalContext.open("dir://" + dir, null);
        LocalContext byPath = LocalContext.open(dir.toString(), null);
        assertThat(byUrl.root()).isEqualTo(dir.toRealPath());
        assertThat(byPath.ignore().patterns()).hasSize(5);
        assertThatThrownBy(() -> LocalContext.open("s3://bucket/ctx.tar.gz", null))
                .hasMessage("build context s3://bucket/ctx.tar.gz: not a local directory (expected dir://PATH or a path)");
    }

    @Test
    void statDescribesAFileAsTheBuildSeesIt() throws IOException {
        Posix.lchown(dir.resolve("a.txt"), 1234, 5678);
        Posix.chmod(dir.resolve("a.txt"), 0640);
        ContextFile f = LocalContext.open(dir.toString(), null).stat("/a.txt").orElseThrow();
        assertThat(f).isEqualTo(new ContextFile("a.txt", FileType.REGULAR, 0640, 0, 0, 1, T, Optional.empty()));
        ContextFile l = LocalContext.open(dir.toString(), null).stat("link").orElseThrow();
        assertThat(l.type()).isEqualTo(FileType.SYMLINK);
        assertThat(l.linkTarget()).contains("a.txt");
    }

    @Test
    void ignoredEntriesAreAbsentEvenThroughALink() throws IOException {
        LocalContext c = LocalContext.open(dir.toString(), null);
        assertThat(c.stat("b.log")).isEmpty();
        assertThat(c.stat("src/gen/out.o")).isEmpty();
        assertThat(c.resolve("to-ignored")).isEmpty();
        assertThat(c.stat("to-ignored")).isPresent();
        assertThat(c.stat("keep/me")).isPresent();
    }

    @Test
    void symlinksResolveInsideTheContext() throws IOException {
        LocalContext c = LocalContext.open(dir.toString(), null);
        assertThat(c.resolve("link").orElseThrow().path()).isEqualTo("a.txt");
        assertThat(c.resolve("abs").orElseThrow().path()).isEqualTo("a.txt");
        assertThat(c.resolve("escape")).as("../../../etc/passwd is <ctx>/etc/passwd, which does not exist").isEmpty();
    }

    @Test
    void pathsClimbingOutAreRefusedButAbsoluteOnesAreRooted() throws IOException {
        LocalContext c = LocalContext.open(dir.toString(), null);
        assertThatThrownBy(() -> c.stat("../x"))
                .isInstanceOf(ContextPathException.class)
                .hasMessage("path \"../x\" leaves the build context " + dir.toRealPath());
        assertThatThrownBy(() -> c.normalize("src/../../x")).isInstanceOf(ContextPathException.class);
        assertThat(c.normalize("/../a.txt")).isEqualTo("a.txt");
        assertThat(c.normalize("./src/./main.c/")).isEqualTo("src/main.c");
    }

    @Test
    void walkListsWhatTheBuildReceivesParentsFirst() throws IOException {
        LocalContext c = LocalContext.open(dir.toString(), null);
        List<String> seen = new ArrayList<>();
        c.walk(".", f -> seen.add(f.path() + (f.isDirectory() ? "/" : "")));
        assertThat(seen).containsExactly(".dockerignore", "a.txt", "abs", "escape", "keep/", "keep/me", "link",
                "src/", "src/main.c", "to-ignored");
    }

    @Test
    void listShowsVisibleChildrenSorted() throws IOException {
        LocalContext c = LocalContext.open(dir.toString(), null);
        assertThat(c.list("src").stream().map(ContextFile::name)).containsExactly("main.c");
        assertThatThrownBy(() -> c.list("a.txt")).hasMessageContaining("ENOTDIR");
    }
}
