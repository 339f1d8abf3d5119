package dev.kiln.engine.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code .dockerignore} files: where from, how lines become patterns, and errors. */
class DockerIgnoreTest {

    @TempDir
    Path dir;

    @Test
    void readsTheContextsDockerignore() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "*.log\n");

        DockerIgnore ignore = DockerIgnore.load(dir, dir.resolve("Dockerfile"));

        assertThat(ignore.source()).isEqualTo(dir.resolve(".dockerignore").toString());
        assertThat(ignore.excluded("a.log", false)).isTrue();
        assertThat(ignore.excluded("a.txt", false)).isFalse();
    }

    @Test
    void aDockerfileSpecificIgnoreFileWins() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("build"));
        Files.writeString(dir.resolve(".dockerignore"), "foo\n");
        Files.writeString(sub.resolve("app.Dockerfile"), "FROM scratch\n");
        Files.writeString(sub.resolve("app.Dockerfile.dockerignore"), "bar\n");

        DockerIgnore ignore = DockerIgnore.load(dir, sub.resolve("app.Dockerfile"));

        assertThat(ignore.source()).endsWith("app.Dockerfile.dockerignore");
        assertThat(ignore.excluded("bar", false)).isTrue();
        assertThat(ignore.excluded("foo", false)).isFalse();
    }

    @Test
    void anEmptyDockerfileSpecificFileStillWins() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "foo\n");
        Files.writeString(dir.resolve("Dockerfile.dockerignore"), "");

        assertThat(DockerIgnore.load(dir, dir.resolve("Dockerfile")).excluded("foo", false)).isFalse();
    }

    @Test
    void withoutIgnoreFilesNothingIsExcluded() throws IOException {
        DockerIgnore ignore = DockerIgnore.load(dir, null);

        assertThat(ignore.patterns()).isEmpty();
        assertThat(ignore.excluded("anything/at/all", false)).isFalse();
        assertThat(ignore.mayContainIncluded("anything")).isTrue();
        assertThat(DockerIgnore.none().source()).isEqualTo("(none)");
    }

    @Test
    void theDockerfileAndTheIgnoreFileAreSentUnlessExcluded() {
        DockerIgnore none = DockerIgnore.parse(".dockerignore", "*.md\n");
        DockerIgnore both = DockerIgnore.parse(".dockerignore", "Dockerfile\n.dockerignore\n");

        assertThat(none.excluded("Dockerfile", false)).isFalse();
        assertThat(none.excluded(".dockerignore", false)).isFalse();
        assertThat(both.excluded("Dockerfile", false)).isTrue();
        assertThat(both.excluded(".dockerignore", false)).isTrue();
    }

    @Test
    void linesAreCleanedLikeDockersIgnorefile() {
        DockerIgnore ignore = DockerIgnore.parse("x", "\uFEFF  /a/./b/  \r\n# comment\n  #not-a-comment\n\n"
                + "! /inverted/../keep//\n./c\n");

        assertThat(ignore.patterns()).extracting(PathPattern::toString)
                .containsExactly("a/b", "#not-a-comment", "!keep", "c");
        assertThat(ignore.lines()).containsExactly(1, 3, 5, 6);
    }

    @Test
    void aLoneExclamationMarkIsAnErrorNamingFileAndLine() {
        assertThatThrownBy(() -> DockerIgnore.parse("/ctx/.dockerignore", "a\n# c\n!\n"))
                .isInstanceOf(DockerIgnoreException.class)
                .hasMessage("parse /ctx/.dockerignore line 3: invalid pattern \"!\": illegal exclusion pattern: \"!\"")
                .satisfies(e -> assertThat(((DockerIgnoreException) e).line()).isEqualTo(3));
    }

    @Test
    void anUnterminatedBracketIsAnErrorNamingFileAndLine() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "ok\n\nsrc/[abc\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DockerIgnore.load(dir, null))
                .isInstanceOf(DockerIgnoreException.class)
                .hasMessage("parse " + dir.resolve(".dockerignore") + " line 3: invalid pattern \"src/[abc\": "
                        + "syntax error in pattern")
                .satisfies(e -> {
                    DockerIgnoreException d = (DockerIgnoreException) e;
                    assertThat(d.source()).isEqualTo(dir.resolve(".dockerignore").toString());
                    assertThat(d.getCause().pattern()).isEqualTo("src/[abc");
                });
    }

    @Test
    void otherBadPatternsAreErrorsToo() {
        for (String bad : new String[] {"[", "a[", "*[", "[]", "[^]", "[a-]", "a\\", "[z-a]", "[[:nope:]]", "\\q",
                "a\\é", "*{1001}", "?{2,1}"}) {
            assertThatThrownBy(() -> DockerIgnore.parse("f", "ok\n" + bad + "\n"))
                    .as(bad).isInstanceOf(DockerIgnoreException.class)
                    .hasMessageStartingWith("parse f line 2: invalid pattern \"" + bad + "\": ")
                    .hasMessageContaining("syntax error in pattern");
        }
    }

    @Test
    void aWalkerSkipsExcludedDirectoriesUnlessAnExceptionReachesInside() {
        DockerIgnore ignore = DockerIgnore.parse("f", "vendor\nbuild\n!build/dist\n");

        assertThat(ignore.mayContainIncluded("vendor")).isFalse();
        assertThat(ignore.mayContainIncluded("build")).isTrue();
        assertThat(ignore.excluded("build", true)).isTrue();
        assertThat(ignore.excluded("build/dist/app", false)).isFalse();
        assertThat(ignore.excluded("build/other", false)).isTrue();
    }

    @Test
    void anExceptionWithAWildcardMeansEveryExcludedDirectoryMustBeWalked() {
        DockerIgnore ignore = DockerIgnore.parse("f", "vendor\ntmp\n!**/keep\n");

        assertThat(ignore.mayContainIncluded("vendor")).isTrue();
        assertThat(ignore.excluded("vendor", true)).isTrue();
        assertThat(ignore.excluded("tmp/a/keep", false)).isFalse();
        assertThat(ignore.excluded("tmp/a/other", false)).isTrue();
    }

    @Test
    void everythingBelowASkippedDirectoryIsExcluded() {
        DockerIgnore ignore = DockerIgnore.parse("f", "vendor\n");

        assertThat(ignore.excluded("vendor/a/b/c", false)).isTrue();
        assertThat(ignore.mayContainIncluded("vendor/a")).isFalse();
        assertThat(ignore.mayContainIncluded("src")).isTrue();
    }

    @Test
    void pathsAreNormalisedAndTheRootIsNeverExcluded() {
        DockerIgnore ignore = DockerIgnore.parse("f", "*\n");

        assertThat(ignore.excluded("./a//b/", false)).isEqualTo(ignore.excluded("a/b", false)).isTrue();
        assertThat(ignore.excluded("/a", false)).isTrue();
        assertThat(ignore.excluded(".", true)).isFalse();
        assertThat(ignore.excluded("", true)).isFalse();
        assertThat(ignore.mayContainIncluded(".")).isTrue();
        assertThatThrownBy(() -> ignore.excluded("../x", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the build context");
    }

    @Test
    void manyDoubleStarsStayFast() {
        DockerIgnore ignore = DockerIgnore.parse("f", "**/".repeat(40) + "z\n");
        String deep = "a/".repeat(200) + "b";

        assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> ignore.excluded(deep, false))).isFalse();
    }
}
