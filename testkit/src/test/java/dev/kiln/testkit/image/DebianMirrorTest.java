package dev.kiln.testkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianMirrorTest {
    @TempDir
    Path apt;

    @Test
    void oneLineSourcesNameTheMirrorOfTheSuiteItself() {
        String list = """
                # deb http://commented.example/debian bookworm main
                deb-src http://src.example/debian bookworm main
                deb http://security.example/debian-security bookworm-security main
                deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian/ bookworm main contrib
                deb http://later.example/debian bookworm main
                """;
        assertThat(DebianMirror.fromOneLine(list, "bookworm")).contains("http://mirror.example/debian");
        assertThat(DebianMirror.fromOneLine(list, "trixie")).isEmpty();
    }

    @Test
    void deb822StanzasNameTheMirrorUnlessDisabled() {
        String sources = """
                Types: deb
                URIs: http://disabled.example/debian
                Suites: bookworm
                Components: main
                Enabled: no

                Types: deb deb-src
                # http://snapshot.debian.org/archive/debian/20250520T000000Z
                URIs: http://deb.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://deb.example/debian-security
                Suites: bookworm-security
                """;
        assertThat(DebianMirror.fromDeb822(sources, "bookworm")).contains("http://deb.example/debian");
        assertThat(DebianMirror.fromDeb822(sources, "bookworm-security")).contains("http://deb.example/debian-security");
    }

    @Test
    void sourcesListComesFirstThenTheDirectoryInNameOrderIgnoringOtherFiles() throws Exception {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list"), "# nothing here\n");
        Files.writeString(apt.resolve("sources.list.d/a.list.disabled"), "deb http://disabled.example/debian bookworm main\n");
        Files.writeString(apt.resolve("sources.list.d/b.sources"), "Types: deb\nURIs: http://b.example/debian\nSuites: bookworm\n");
        Files.writeString(apt.resolve("sources.list.d/c.list"), "deb http://c.example/debian bookworm main\n");

        assertThat(DebianMirror.find(apt, "bookworm")).contains("http://b.example/debian");
        assertThat(DebianMirror.find(apt.resolve("missing"), "bookworm")).isEmpty();
    }
}
