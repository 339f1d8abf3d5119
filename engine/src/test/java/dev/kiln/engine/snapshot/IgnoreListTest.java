package dev.kiln.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.snapshot.IgnoreList.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class IgnoreListTest {

    @Test
    void pathRuleIgnoresThePathAndEverythingBelowButNotSiblingsWithTheSamePrefix() {
        IgnoreList l = IgnoreList.of(List.of(Rule.pathAndBelow("/var/cache", "test")));
        assertThat(l.isIgnored("/var/cache")).isTrue();
        assertThat(l.isIgnored("/var/cache/apt/archives/x.deb")).isTrue();
        assertThat(l.isIgnored("/var/cache2")).isFalse();
        assertThat(l.isIgnored("/var")).isFalse();
        assertThat(l.isIgnored("/")).isFalse();
    }

    @Test
    void belowOnlyRuleKeepsThePathItself() {
        IgnoreList l = IgnoreList.of(List.of(Rule.belowOnly("/tmp/apt-key-gpghome", "test")));
        assertThat(l.isIgnored("/tmp/apt-key-gpghome")).isFalse();
        assertThat(l.isIgnored("/tmp/apt-key-gpghome/pubring.kbx")).isTrue();
        assertThat(l.ignoresChildrenOf("/tmp/apt-key-gpghome", 2)).isTrue();
        assertThat(l.ignoresExactly("/tmp/apt-key-gpghome", 2)).isFalse();
    }

    @Test
    void rulesAreCleanedLikeGoFilepathClean() {
        assertThat(Rule.pathAndBelow("//var/./lib/../run/", "t").path()).isEqualTo("/var/run");
        assertThat(Rule.pathAndBelow("/../../etc", "t").path()).isEqualTo("/etc");
    }

    @Test
    void componentsMayBeFilepathMatchPatternsAsInKaniko() {
        IgnoreList l = IgnoreList.of(List.of(Rule.pathAndBelow("/home/*/.cache", "t"),
                Rule.pathAndBelow("/opt/app-[0-9]?", "t"), Rule.pathAndBelow("/srv/[^a-c]x", "t")));
        assertThat(l.isIgnored("/home/alice/.cache/pip/x")).isTrue();
        assertThat(l.isIgnored("/home/alice/.config")).isFalse();
        assertThat(l.isIgnored("/home/.cache")).isFalse();
        assertThat(l.isIgnored("/opt/app-1b/bin")).isTrue();
        assertThat(l.isIgnored("/opt/app-x1")).isFalse();
        assertThat(l.isIgnored("/srv/dx")).isTrue();
        assertThat(l.isIgnored("/srv/bx")).isFalse();
        assertThat(l.ignoresExactly("/home/bob/.cache", 3)).isTrue();
        assertThat(l.ignoresExactly("/home/bob/.cache/x", 4)).isFalse();
    }

    @Test
    void escapedPatternCharactersMatchLiterally() {
        IgnoreList l = IgnoreList.of(List.of(Rule.pathAndBelow("/data/\\*star", "t")));
        assertThat(l.isIgnored("/data/*star")).isTrue();
        assertThat(l.isIgnored("/data/xstar")).isFalse();
    }

    @Test
    void runMountsAndMountPointsAreLiteralEvenWithPatternCharacters() {
        IgnoreList l = IgnoreList.none().withRunMounts(List.of("/cache/[x]"));
        assertThat(l.isIgnored("/cache/[x]/a")).isTrue();
        assertThat(l.isIgnored("/cache/x")).isFalse();
        assertThat(l.rules()).singleElement().extracting(Rule::origin).isEqualTo("RUN mount");
    }

    @Test
    void relativePathIsRefusedWithTheSourceInTheMessage() {
        assertThatThrownBy(() -> IgnoreList.forBuild(List.of("var/cache"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ignore path \"var/cache\" (--ignore-path): must be an absolute path inside the container");
    }

    @Test
    void ignoringTheRootIsRefused() {
        assertThatThrownBy(() -> IgnoreList.forBuild(List.of("/a/.."), false))
                .hasMessage("ignore path \"/a/..\" (--ignore-path): would ignore the whole filesystem");
    }

    @Test
    void badPatternIsRefusedWithTheReason() {
        assertThatThrownBy(() -> IgnoreList.forBuild(List.of("/a/[bc"), false))
                .hasMessage("ignore path \"/a/[bc\" (--ignore-path): invalid pattern \"[bc\": unterminated character class");
        assertThatThrownBy(() -> IgnoreList.forBuild(List.of("/a/[z-a]"), false))
                .hasMessageEndingWith("invalid pattern \"[z-a]\": character range z-a is reversed");
        assertThatThrownBy(() -> IgnoreList.forBuild(List.of("/a/b\\"), false))
                .hasMessageEndingWith("trailing backslash");
    }

    @Test
    void buildListIgnoresVarRunUnlessTurnedOff() {
        IgnoreList on = IgnoreList.forBuild(List.of("/workspace"), true);
        assertThat(on.isIgnored("/var/run/docker.sock")).isTrue();
        assertThat(on.isIgnored("/workspace/src")).isTrue();
        IgnoreList off = IgnoreList.forBuild(List.of("/workspace"), false);
        assertThat(off.isIgnored("/var/run/docker.sock")).isFalse();
        assertThat(off.isIgnored("/run")).isFalse();
    }

    @Test
    void inPlaceListAddsExecutorDirectoryMountPointsAndKanikoDefaults() {
        IgnoreList l = IgnoreList.forInPlaceBuild(List.of(), false, "/kiln",
                List.of("/", "/proc", "/etc/hosts", "/mnt/my disk"));
        assertThat(l.isIgnored("/kiln/bin/executor")).isTrue();
        assertThat(l.isIgnored("/proc/self")).isTrue();
        assertThat(l.isIgnored("/etc/hosts")).isTrue();
        assertThat(l.isIgnored("/mnt/my disk/file")).isTrue();
        assertThat(l.isIgnored("/etc/mtab")).isTrue();
        assertThat(l.isIgnored("/tmp/apt-key-gpghome")).isFalse();
        assertThat(l.isIgnored("/tmp/apt-key-gpghome/x")).isTrue();
        assertThat(l.isIgnored("/etc/passwd")).isFalse();
        assertThat(l.isIgnored("/bin/sh")).isFalse();
    }

    @Test
    void withReturnsANewListAndLeavesTheOriginalUnchanged() {
        IgnoreList base = IgnoreList.forBuild(List.of(), true);
        IgnoreList step = base.withRunMounts(List.of("/root/.cache"));
        assertThat(step.isIgnored("/root/.cache/pip")).isTrue();
        assertThat(base.isIgnored("/root/.cache/pip")).isFalse();
        assertThat(step.rules()).hasSize(2);
        assertThat(base.with(List.of())).isSameAs(base);
    }
}
