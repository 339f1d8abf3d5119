package dev.kiln.engine.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.dockerfile.shell.InstructionExpansion.Mode;
import org.junit.jupiter.api.Test;

/** The table of what BuildKit expands in which instruction. */
class InstructionExpansionTest {

    @Test
    void theDocumentedInstructionsExpandTheirArguments() {
        for (String keyword : new String[] {"ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER",
                "VOLUME", "WORKDIR", "ARG"}) {
            assertThat(InstructionExpansion.forKeyword(keyword)).get()
                    .as(keyword).matches(InstructionExpansion::expandsArguments);
        }
    }

    @Test
    void commandsAreLeftToTheShell() {
        for (String keyword : new String[] {"RUN", "CMD", "ENTRYPOINT", "SHELL", "HEALTHCHECK", "MAINTAINER"}) {
            assertThat(InstructionExpansion.forKeyword(keyword)).get()
                    .as(keyword).matches(i -> i.mode() == Mode.NONE);
        }
    }

    @Test
    void onbuildTriggersAreExpandedWhenTheyRun() {
        assertThat(InstructionExpansion.ONBUILD.mode()).isEqualTo(Mode.DEFERRED);
        assertThat(InstructionExpansion.ONBUILD.expandsArguments()).isFalse();
    }

    @Test
    void fromUsesOnlyGlobalArgsAndExposeSplitsWords() {
        assertThat(InstructionExpansion.FROM.mode()).isEqualTo(Mode.GLOBAL_ARGS);
        assertThat(InstructionExpansion.FROM.expandsFlag("platform")).isTrue();
        assertThat(InstructionExpansion.EXPOSE.mode()).isEqualTo(Mode.WORDS);
        assertThat(InstructionExpansion.ARG.mode()).isEqualTo(Mode.DEFAULT_VALUE);
    }

    @Test
    void flagsExpandAsInBuildKit() {
        assertThat(InstructionExpansion.ADD.expandedFlags()).containsExactlyInAnyOrder("chown", "chmod", "checksum");
        assertThat(InstructionExpansion.COPY.expandedFlags()).containsExactlyInAnyOrder("chown", "chmod");
        assertThat(InstructionExpansion.COPY.expandsFlag("from")).isFalse();
        assertThat(InstructionExpansion.RUN.expandsFlag("mount")).isTrue();
        assertThat(InstructionExpansion.RUN.expandsFlag("network")).isFalse();
    }

    @Test
    void heredocBodiesOfCopyAndAddExpand() {
        assertThat(InstructionExpansion.COPY.expandsHeredocBodies()).isTrue();
        assertThat(InstructionExpansion.ADD.expandsHeredocBodies()).isTrue();
        assertThat(InstructionExpansion.RUN.expandsHeredocBodies()).isFalse();
    }

    @Test
    void keywordsAreCaseInsensitiveAndUnknownOnesAreEmpty() {
        assertThat(InstructionExpansion.forKeyword("workdir")).contains(InstructionExpansion.WORKDIR);
        assertThat(InstructionExpansion.forKeyword("Copy")).contains(InstructionExpansion.COPY);
        assertThat(InstructionExpansion.forKeyword("FROBNICATE")).isEmpty();
    }
}
