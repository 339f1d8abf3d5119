package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FstabTest {

    @Test
    void entriesRenderInOrderOneLineEachWithOptionsJoinedByCommas() {
        String table = new Fstab()
                .bind("/w/dev", "/r/dev", "nosuid")
                .mount("proc", "/r/proc", "proc", "nosuid", "nodev", "noexec")
                .bind("/w/hosts", "/r/etc/hosts", "ro")
                .bind("/ctx", "/r/src")
                .render();
        assertThat(table.lines()).containsExactly(
                "/w/dev /r/dev none bind,nosuid 0 0",
                "proc /r/proc proc nosuid,nodev,noexec 0 0",
                "/w/hosts /r/etc/hosts none bind,ro 0 0",
                "/ctx /r/src none bind 0 0");
        assertThat(table).endsWith("\n");
    }

    @Test
    void spaceTabNewlineAndBackslashAreOctalEscapesAsFstabWantsThem() {
        assertThat(Fstab.escape("/a b")).isEqualTo("/a\\040b");
        assertThat(Fstab.escape("/a\tb")).isEqualTo("/a\\011b");
        assertThat(Fstab.escape("/a\nb")).isEqualTo("/a\\012b");
        assertThat(Fstab.escape("/a\\b")).isEqualTo("/a\\134b");
    }

    @Test
    void otherControlCharactersAndHashAreEscapedAndEverythingElseIsKept() {
        assertThat(Fstab.escape("/x\ry\u0001z\u007f#")).isEqualTo("/x\\015y\\001z\\177\\043");
        assertThat(Fstab.escape("/ctx/it's$HOME,ü=é\"")).isEqualTo("/ctx/it's$HOME,ü=é\"");
    }

    @Test
    void aPathWithSpecialCharactersStaysOneFieldOnOneLine() {
        String table = new Fstab().bind("/my context\n#1", "/r/my dir\t\\x", "ro").render();
        assertThat(table.lines()).containsExactly("/my\\040context\\012\\0431 /r/my\\040dir\\011\\134x none bind,ro 0 0");
        assertThat(table.lines().findFirst().orElseThrow().split(" ")).hasSize(6);
    }

    @Test
    void anEntryWithoutOptionsIsRefusedNamingItsTarget() {
        assertThatThrownBy(() -> new Fstab.Entry("tmpfs", "/r/tmp", "tmpfs", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fstab entry for /r/tmp: no mount options");
        assertThat(new Fstab().isEmpty()).isTrue();
        assertThat(new Fstab().mount("tmpfs", "/r/tmp", "tmpfs", "nosuid").entries())
                .containsExactly(new Fstab.Entry("tmpfs", "/r/tmp", "tmpfs", List.of("nosuid")));
    }
}
