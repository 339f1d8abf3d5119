package dev.kiln.engine.step.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.HealthCheck;
import dev.kiln.engine.oci.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigStepsTest {

    private static ImageConfig base(ContainerConfig config) {
        return ImageConfig.of(Fold.AMD64).withConfig(config);
    }

    @Test
    void envTakesTheImageEnvOfTheNextScope() {
        var r = Fold.fold("""
                FROM scratch
                ENV A=1 B=two
                ARG C=3
                ENV A=x${C}
                """);
        assertThat(r.config().config().env())
                .containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=x3", "B=two");
    }

    @Test
    void argDoesNotChangeTheConfigEnv() {
        var r = Fold.fold("FROM scratch\nARG X=1\n");
        assertThat(r.config().config().env()).noneMatch(e -> e.startsWith("X="));
    }

    @Test
    void labelExpandsKeysAndValuesAndTheLaterWins() {
        var r = Fold.fold("""
                FROM scratch
                ARG V=1.0
                LABEL "org.example.version"="$V" a=b
                LABEL a=c
                """);
        assertThat(r.config().config().labels()).isEqualTo(Map.of("a", "c", "org.example.version", "1.0"));
    }

    @Test
    void exposeDefaultsToTcpLowerCasesTheProtocolAndUnrollsRanges() {
        var r = Fold.fold("""
                FROM scratch
                ARG P="9000 9001/UDP"
                EXPOSE 80 8000-8002/tcp $P 53/Udp 7/sctp
                """);
        assertThat(r.config().config().exposedPorts()).containsExactlyInAnyOrder("80/tcp", "8000/tcp", "8001/tcp",
                "8002/tcp", "9000/tcp", "9001/udp", "53/udp", "7/sctp");
    }

    @Test
    void exposeAddsToInheritedPorts() {
        var r = Fold.fold("FROM base\nEXPOSE 80\n",
                Map.of("base", base(ContainerConfig.empty().withExposedPorts(java.util.Set.of("22/tcp")))));
        assertThat(r.config().config().exposedPorts()).containsExactly("22/tcp", "80/tcp");
    }

    @Test
    void exposeWithABadPortNamesTheLine() {
        assertThatThrownBy(() -> Fold.fold("FROM scratch\n\nEXPOSE http\n"))
                .isInstanceOf(StepException.class)
                .hasMessage("Dockerfile:3: EXPOSE: invalid containerPort: http");
        assertThatThrownBy(() -> Fold.fold("FROM scratch\nEXPOSE 80/foo\n"))
                .hasMessage("Dockerfile:2: EXPOSE: invalid port: \"80/foo\": invalid proto: foo");
        assertThatThrownBy(() -> Fold.fold("FROM scratch\nEXPOSE 70000\n"))
                .hasMessage("Dockerfile:2: EXPOSE: invalid containerPort: 70000");
    }

    @Test
    void volumeTakesJsonAndPlainPathsExpanded() {
        var r = Fold.fold("""
                FROM scratch
                ARG D=/data
                VOLUME ["$D", "/logs"]
                VOLUME /cache $D
                """);
        assertThat(r.config().config().volumes()).containsExactly("/cache", "/data", "/logs");
    }

    @Test
    void volumeExpandingToEmptyIsRejected() {
        assertThatThrownBy(() -> Fold.fold("FROM scratch\nVOLUME $NOTHING\n"))
                .isInstanceOf(StepException.class)
                .hasMessage("Dockerfile:2: VOLUME: VOLUME specified can not be an empty string");
    }

    @Test
    void userIsExpanded() {
        var r = Fold.fold("FROM scratch\nARG U=app\nUSER ${U}:staff\n");
        assertThat(r.config().config().user()).isEqualTo("app:staff");
    }

    @Test
    void workdirJoinsRelativePathsToTheCurrentOne() {
        var r = Fold.fold("FROM scratch\nWORKDIR /app\nWORKDIR src/../lib\n");
        assertThat(r.config().config().workingDir()).isEqualTo("/app/lib");
    }

    @Test
    void scratchStartsInTheRootDirectory() {
        var r = Fold.fold("FROM scratch\nLABEL a=b\n");
        assertThat(r.config().config().workingDir()).isEqualTo("/");
        assertThat(r.config().os()).isEqualTo("linux");
        assertThat(r.config().architecture()).isEqualTo("amd64");
    }

    @Test
    void workdirExpansionErrorNamesTheLine() {
        assertThatThrownBy(() -> Fold.fold("FROM scratch\nWORKDIR ${DIR:?must be set}\n"))
                .isInstanceOf(StepException.class)
                .hasMessage("Dockerfile:2: WORKDIR: failed to process \"${DIR:?must be set}\": DIR: must be set");
    }

    @Test
    void cmdShellFormUsesTheDefaultShellAndSetsArgsEscaped() {
        var r = Fold.fold("FROM scratch\nCMD echo hi\n");
        assertThat(r.config().config().cmd()).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(r.config().config().argsEscaped()).isTrue();
    }

    @Test
    void shellFormUsesTheConfiguredShell() {
        var r = Fold.fold("""
                FROM scratch
                SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
                ENTRYPOINT exec app
                """);
        assertThat(r.config().config().shell()).containsExactly("/bin/bash", "-eo", "pipefail", "-c");
        assertThat(r.config().config().entrypoint()).containsExactly("/bin/bash", "-eo", "pipefail", "-c", "exec app");
    }

    @Test
    void commandsAreNotExpanded() {
        var r = Fold.fold("FROM scratch\nARG X=1\nCMD [\"echo\", \"$X\"]\n");
        assertThat(r.config().config().cmd()).containsExactly("echo", "$X");
    }

    @Test
    void entrypointResetsAnInheritedCmd() {
        var r = Fold.fold("FROM base\nENTRYPOINT [\"app\"]\n",
                Map.of("base", base(ContainerConfig.empty().withCmd(List.of("sh")))));
        assertThat(r.config().config().entrypoint()).containsExactly("app");
        assertThat(r.config().config().cmd()).isEmpty();
    }

    @Test
    void entrypointKeepsACmdSetEarlierInTheStage() {
        var r = Fold.fold("FROM scratch\nCMD [\"--help\"]\nENTRYPOINT [\"app\"]\n");
        assertThat(r.config().config().cmd()).containsExactly("--help");
        assertThat(r.state().cmdSet()).isTrue();
    }

    @Test
    void emptyExecFormsSetEmptyArrays() {
        var r = Fold.fold("FROM base\nCMD []\nENTRYPOINT []\n",
                Map.of("base", base(ContainerConfig.empty().withCmd(List.of("sh")).withEntrypoint(List.of("init")))));
        assertThat(r.config().config().cmd()).isEmpty();
        assertThat(r.config().config().entrypoint()).isEmpty();
    }

    @Test
    void healthcheckKeepsItsOptionsAndTheCommandForm() {
        var r = Fold.fold("""
                FROM scratch
                HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=2s --retries=4 CMD curl -f http://localhost/
                """);
        HealthCheck hc = r.config().config().healthcheck();
        assertThat(hc.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
        assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(hc.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(hc.startPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(hc.startInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(hc.retries()).isEqualTo(4);
        assertThat(r.config().config().toJson().getJsonObject("Healthcheck").encode()).isEqualTo(
                "{\"Test\":[\"CMD-SHELL\",\"curl -f http://localhost/\"],\"Interval\":30000000000,"
                        + "\"Timeout\":3000000000,\"StartPeriod\":60000000000,\"StartInterval\":2000000000,\"Retries\":4}");
    }

    @Test
    void healthcheckExecFormAndNone() {
        var exec = Fold.fold("FROM scratch\nHEALTHCHECK CMD [\"/bin/check\", \"-q\"]\n");
        assertThat(exec.config().config().healthcheck().test()).containsExactly("CMD", "/bin/check", "-q");
        assertThat(exec.config().config().toJson().getJsonObject("Healthcheck").fieldNames()).containsExactly("Test");
        var none = Fold.fold("FROM base\nHEALTHCHECK NONE\n", Map.of("base",
                base(ContainerConfig.empty().withHealthcheck(new HealthCheck(List.of("CMD", "x"), null, null, null, null, 0)))));
        assertThat(none.config().config().healthcheck().test()).containsExactly("NONE");
    }

    @Test
    void stopSignalIsExpandedAndValidated() {
        var r = Fold.fold("FROM scratch\nARG S=sigquit\nSTOPSIGNAL $S\n");
        assertThat(r.config().config().stopSignal()).isEqualTo("sigquit");
        assertThat(Fold.fold("FROM scratch\nSTOPSIGNAL 9\n").config().config().stopSignal()).isEqualTo("9");
        assertThat(Fold.fold("FROM scratch\nSTOPSIGNAL RTMIN+3\n").config().config().stopSignal()).isEqualTo("RTMIN+3");
    }

    @Test
    void invalidStopSignalNamesTheLine() {
        assertThatThrownBy(() -> Fold.fold("FROM scratch\nLABEL a=b\nSTOPSIGNAL SIGFOO\n"))
                .isInstanceOf(StepException.class)
                .hasMessage("Dockerfile:3: STOPSIGNAL: invalid signal: SIGFOO")
                .satisfies(e -> assertThat(((StepException) e).location().orElseThrow().startLine()).isEqualTo(3));
        assertThatThrownBy(() -> Fold.fold("FROM scratch\nSTOPSIGNAL 0\n"))
                .hasMessage("Dockerfile:2: STOPSIGNAL: invalid signal: 0");
    }

    @Test
    void onbuildAppendsTheTriggerTextAndRecordsNoHistory() {
        var r = Fold.fold("FROM scratch\nONBUILD RUN echo $HOME\nONBUILD COPY . /app\n");
        assertThat(r.config().config().onBuild()).containsExactly("RUN echo $HOME", "COPY . /app");
        assertThat(r.history()).isEmpty();
    }

    @Test
    void triggersOfTheBaseAreConsumedNotInherited() {
        ImageConfig withTriggers = base(ContainerConfig.empty().withOnBuild(List.of("LABEL from=trigger")));
        var r = Fold.fold("FROM base\nLABEL own=1\n", Map.of("base", withTriggers));
        assertThat(r.config().config().onBuild()).isEmpty();
        assertThat(r.config().config().labels()).containsEntry("from", "trigger").containsEntry("own", "1");
        assertThat(r.history()).containsExactly("LABEL from=trigger", "LABEL own=1");
    }

    @Test
    void maintainerSetsTheAuthor() {
        var r = Fold.fold("FROM scratch\nMAINTAINER Jane Doe <jane@example.com>\n");
        assertThat(r.config().author()).isEqualTo("Jane Doe <jane@example.com>");
        assertThat(r.history()).containsExactly("MAINTAINER Jane Doe <jane@example.com>");
    }

    @Test
    void withLabelsAddsCommandLineLabelsOverTheDockerfilesOnes() {
        var r = Fold.fold("FROM scratch\nLABEL a=1 b=2\n");
        ImageConfig labelled = ConfigSteps.withLabels(r.config(), Map.of("b", "cli", "c", "3"));
        assertThat(labelled.config().labels()).isEqualTo(Map.of("a", "1", "b", "cli", "c", "3"));
        assertThat(ConfigSteps.withLabels(r.config(), Map.of())).isSameAs(r.config());
    }

    @Test
    void isMetadataIsFalseOnlyForRunCopyAddAndFrom() {
        Dockerfile df = Dockerfile.parse("Dockerfile", """
                FROM scratch
                RUN true
                COPY a b
                ADD a b
                WORKDIR /x
                ENV A=1
                ONBUILD RUN x
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(df.instructions().stream().map(ConfigSteps::isMetadata))
                .containsExactly(false, false, false, false, true, true, true);
    }

    @Test
    void applyRefusesFileSystemSteps() {
        var steps = Fold.steps("FROM scratch\nRUN true\n");
        StageConfig state = StageConfig.initial(java.util.Optional.empty(), Fold.AMD64, steps.getFirst().scope());
        assertThatThrownBy(() -> ConfigSteps.apply(state, steps.getFirst(), steps.getFirst().scope()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RUN true");
    }
}
