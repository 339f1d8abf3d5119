package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Validation of run specs: each bad input names what is wrong. */
class RunSpecTest {

    @Test
    void theBuilderHasDockersDefaults() {
        RunSpec s = RunSpec.builder("true").build();
        assertThat(s.workingDir()).isEqualTo("/");
        assertThat(s.user()).isEmpty();
        assertThat(s.hostname()).isEqualTo("buildkitsandbox");
        assertThat(s.timeout()).isEmpty();
        assertThat(s.env()).isEmpty();
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThatThrownBy(() -> RunSpec.builder(java.util.List.of()).build()).hasMessage("RUN command is empty");
        assertThatThrownBy(() -> RunSpec.builder("").build()).hasMessage("RUN command name is empty");
    }

    @Test
    void environmentEntriesNeedANameAndAnEqualsSignAndTheValueIsNotShown() {
        assertThatThrownBy(() -> RunSpec.builder("true").env("=secret").build())
                .hasMessage("RUN environment entry : expected NAME=VALUE with a non-empty name");
        assertThatThrownBy(() -> RunSpec.builder("true").env("JUSTNAME").build())
                .hasMessage("RUN environment entry JUSTNAME: expected NAME=VALUE with a non-empty name");
    }

    @Test
    void nulCharactersAreRefused() {
        assertThatThrownBy(() -> RunSpec.builder("echo", "a\0b").build()).hasMessage("RUN argument contains a NUL character");
    }

    @Test
    void pathsMustBeAbsolute() {
        assertThatThrownBy(() -> RunSpec.builder("true").workingDir("app").build())
                .hasMessage("RUN working directory \"app\" must be an absolute path");
        assertThatThrownBy(() -> new MountSpec.Tmpfs("tmp", 0)).hasMessage("tmpfs mount target \"tmp\" must be an absolute path");
    }

    @Test
    void twoMountsOnOneTargetOrAMountOnTheRootAreRefused() {
        assertThatThrownBy(() -> RunSpec.builder("true").mount(new MountSpec.Tmpfs("/a/", 0))
                .mount(new MountSpec.Cache(Path.of("/x"), "/a")).build()).hasMessage("RUN mounts: two mounts on /a");
        assertThatThrownBy(() -> RunSpec.builder("true").mount(new MountSpec.Tmpfs("/.", 0)).build())
                .hasMessage("RUN mounts: cannot mount over / (the rootfs itself)");
    }

    @Test
    void hostNamesAndTimeoutsAreChecked() {
        assertThatThrownBy(() -> RunSpec.builder("true").hostname("a b").build())
                .hasMessage("RUN host name \"a b\": expected 1-64 letters, digits, dots and dashes");
        assertThatThrownBy(() -> RunSpec.builder("true").timeout(Duration.ZERO).build())
                .hasMessage("RUN timeout PT0S must be positive");
    }

    @Test
    void extraHostsCannotInjectLines() {
        assertThatThrownBy(() -> new ExtraHost("a\n1.1.1.1 evil", "10.0.0.1"))
                .hasMessageContaining("must be single words");
        assertThat(new ExtraHost("db", "::1").hostsLine()).isEqualTo("::1\tdb");
    }

    @Test
    void theLastEnvironmentEntryWins() {
        RunSpec s = RunSpec.builder("true").env("A=1", "B=2", "A=3").build();
        assertThat(s.envValue("A")).hasValue("3");
        assertThat(s.envValue("C")).isEmpty();
    }

    @Test
    void normalisationRemovesDotsAndSlashesLexically() {
        assertThat(RunSpec.normalize("//a/./b/../c/")).isEqualTo("/a/c");
        assertThat(RunSpec.normalize("/../..")).isEqualTo("/");
    }
}
