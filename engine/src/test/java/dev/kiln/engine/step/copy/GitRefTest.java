package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which ADD sources are Git repositories, and how they are split (BuildKit's dfgitutil.ParseGitRef). */
class GitRefTest {

    @Test
    void anHttpsUrlEndingInDotGitWithRefAndSubdir() {
        GitRef r = GitRef.parse("https://github.com/moby/buildkit.git#v0.14.1:docs/").orElseThrow();
        assertThat(r.remote()).isEqualTo("https://github.com/moby/buildkit.git");
        assertThat(r.ref()).isEqualTo("v0.14.1");
        assertThat(r.subdir()).isEqualTo("docs");
    }

    @Test
    void scpStyleAndGitProtocol() {
        GitRef scp = GitRef.parse("git@github.com:moby/buildkit.git#main").orElseThrow();
        assertThat(scp.remote()).isEqualTo("git@github.com:moby/buildkit.git");
        assertThat(scp.ref()).isEqualTo("main");
        GitRef git = GitRef.parse("git://127.0.0.1:9418/repo").orElseThrow();
        assertThat(git.remote()).isEqualTo("git://127.0.0.1:9418/repo");
        assertThat(git.ref()).isEmpty();
    }

    @Test
    void queryParameters() {
        GitRef r = GitRef.parse("https://h/r.git?tag=v1&subdir=a/b&checksum=abc123&keep-git-dir=true&mtime=commit")
                .orElseThrow();
        assertThat(r.ref()).isEqualTo("refs/tags/v1");
        assertThat(r.subdir()).isEqualTo("a/b");
        assertThat(r.checksum()).isEqualTo("abc123");
        assertThat(r.keepGitDir()).isEqualTo(Optional.of(true));
        assertThat(r.mtime()).isEqualTo("commit");
        assertThat(GitRef.parse("https://h/r.git?branch=dev").orElseThrow().ref()).isEqualTo("refs/heads/dev");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/file.tar.gz", "http://example.com/repo", "./repo.git", "../x.git",
            "github.com/moby/buildkit", "file:///srv/repo.git", "ftp://host/r.git", "local/dir", "a.txt"})
    void otherSourcesAreNotGit(String src) {
        assertThat(GitRef.parse(src)).isEmpty();
    }

    @Test
    void badQueriesAreErrorsInBuildKitsWords() {
        assertThatThrownBy(() -> GitRef.parse("https://h/r.git?foo=1")).hasMessage("unexpected query \"foo\"");
        assertThatThrownBy(() -> GitRef.parse("https://h/r.git?tag=a&branch=b")).hasMessage("branch conflicts with tag");
        assertThatThrownBy(() -> GitRef.parse("https://h/r.git?ref=y#x"))
                .hasMessage("ref conflicts: \"x\" vs \"y\"");
        assertThatThrownBy(() -> GitRef.parse("https://h/r.git?mtime=now"))
                .hasMessage("invalid mtime value: \"now\" (must be \"checkout\" or \"commit\")");
    }

    @Test
    void describeLeavesOutUserInformation() {
        assertThat(GitRef.parse("https://user:token@h/r.git").orElseThrow().describe()).isEqualTo("https://h/r.git");
    }
}
