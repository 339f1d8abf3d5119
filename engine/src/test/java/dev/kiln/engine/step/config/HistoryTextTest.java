package dev.kiln.engine.step.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The created_by texts, checked against the strings BuildKit's convert.go writes. */
class HistoryTextTest {

    private static List<String> history(String dockerfile) {
        return Fold.fold(dockerfile).history();
    }

    @Test
    void envAndLabelListExpandedPairs() {
        assertThat(history("""
                FROM scratch
                ENV A=b C="d e"
                ENV F=$A
                LABEL "x y"=$A z=1
                """)).containsExactly("ENV A=b C=d e", "ENV F=b", "LABEL x y=b z=1");
    }

    @Test
    void envPairsExpandAgainstTheScopeBeforeTheInstruction() {
        assertThat(history("FROM scratch\nENV A=1\nENV A=2 B=$A\n")).containsExactly("ENV A=1", "ENV A=2 B=1");
    }

    @Test
    void argListsEachNameWithItsResolvedValue() {
        assertThat(history("FROM scratch\nARG X=1 Y\nARG Z=${X}0\n")).containsExactly("ARG X=1 Y", "ARG Z=10");
    }

    @Test
    void userWorkdirStopSignalMaintainer() {
        assertThat(history("""
                FROM scratch
                ARG U=app
                USER $U
                WORKDIR /app
                WORKDIR sub
                STOPSIGNAL SIGTERM
                """)).containsExactly("ARG U=app", "USER app", "WORKDIR /app", "WORKDIR /app/sub", "STOPSIGNAL SIGTERM");
    }

    @Test
    void cmdAndEntrypointAreTheGoQuotedArgv() {
        assertThat(history("""
                FROM scratch
                CMD ["sh"]
                CMD echo "hi"
                ENTRYPOINT ["/bin/app", "--name=a b", "tab\\there"]
                ENTRYPOINT []
                """)).containsExactly("CMD [\"sh\"]", "CMD [\"/bin/sh\" \"-c\" \"echo \\\"hi\\\"\"]",
                "ENTRYPOINT [\"/bin/app\" \"--name=a b\" \"tab\\there\"]", "ENTRYPOINT []");
    }

    @Test
    void exposeListsThePortsInBuildKitsOrder() {
        // BuildKit's own test: EXPOSE 2375 5000 1234/udp -> EXPOSE [1234/udp 2375/tcp 5000/tcp]
        assertThat(history("FROM scratch\nEXPOSE 2375 5000 1234/udp\n"))
                .containsExactly("EXPOSE [1234/udp 2375/tcp 5000/tcp]");
        assertThat(history("FROM scratch\nEXPOSE 80\n")).containsExactly("EXPOSE [80/tcp]");
        assertThat(history("FROM scratch\nEXPOSE 8000-8002\n")).containsExactly("EXPOSE [8000/tcp 8001/tcp 8002/tcp]");
    }

    @Test
    void volumeAndShellAreGoLists() {
        assertThat(history("FROM scratch\nVOLUME [\"/data\", \"/logs\"]\nSHELL [\"/bin/bash\", \"-c\"]\n"))
                .containsExactly("VOLUME [/data /logs]", "SHELL [/bin/bash -c]");
    }

    @Test
    void healthcheckIsTheGoStructWithDurations() {
        assertThat(history("""
                FROM scratch
                HEALTHCHECK --interval=1m30s --timeout=500ms --retries=3 CMD curl -f http://localhost/
                HEALTHCHECK NONE
                """)).containsExactly(
                "HEALTHCHECK {Test:[CMD-SHELL curl -f http://localhost/] Interval:1m30s Timeout:500ms StartPeriod:0s "
                        + "StartInterval:0s Retries:3}",
                "HEALTHCHECK {Test:[NONE] Interval:0s Timeout:0s StartPeriod:0s StartInterval:0s Retries:0}");
    }

    @Test
    void runShowsArgsShellAndTheBuildKitSuffix() {
        assertThat(history("""
                FROM scratch
                RUN echo hi
                ARG X=1
                RUN echo $X
                RUN ["ls", "-l"]
                """)).containsExactly("RUN /bin/sh -c echo hi # buildkit", "ARG X=1",
                "RUN |1 X=1 /bin/sh -c echo $X # buildkit", "RUN |1 X=1 ls -l # buildkit");
    }

    @Test
    void runUsesTheShellInEffect() {
        assertThat(history("FROM scratch\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n"))
                .containsExactly("SHELL [/bin/bash -o pipefail -c]", "RUN /bin/bash -o pipefail -c a | b # buildkit");
    }

    @Test
    void runWithASingleHeredocShowsItsBody() {
        assertThat(history("""
                FROM scratch
                RUN <<EOF
                echo one
                echo two
                EOF
                """)).containsExactly("RUN /bin/sh -c echo one\necho two\n # buildkit");
    }

    @Test
    void runWithAShebangHeredocShowsThePipePath() {
        assertThat(history("""
                FROM scratch
                RUN <<EOT
                #!/usr/bin/env python3
                print("hi")
                EOT
                """)).containsExactly("RUN /bin/sh -c /dev/pipes/EOT # buildkit");
    }

    @Test
    void runWithAHeredocInACommandAppendsBodyAndDelimiter() {
        assertThat(history("""
                FROM scratch
                RUN cat <<EOF > /f
                hello
                EOF
                """)).containsExactly("RUN /bin/sh -c cat <<EOF > /f\nhello\nEOF # buildkit");
    }

    @Test
    void copyAndAddListExpandedFlagsSourcesAndDestination() {
        assertThat(history("""
                FROM scratch
                ARG OWNER=app
                COPY --chown=$OWNER:staff --chmod=0644 --link --exclude=*.md a.txt b/ /dest/
                COPY --from=build /out /bin/out
                COPY --parents src/ /app/
                ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/a.tgz /tmp/
                COPY <<EOF <<"RAW" /etc/
                x
                EOF
                y
                RAW
                """.replace("--from=build", "--from=alpine"))).containsExactly(
                "ARG OWNER=app",
                "COPY --chown=app:staff --chmod=0644 a.txt b/ /dest/ # buildkit",
                "COPY /out /bin/out # buildkit",
                "COPY --parents src/ /app/ # buildkit",
                "ADD https://example.com/a.tgz /tmp/ # buildkit",
                "COPY <<EOF <<RAW /etc/ # buildkit");
    }

    @Test
    void onbuildHasNoText() {
        Step step = Fold.steps("FROM scratch\nONBUILD RUN x\n").getFirst();
        assertThat(HistoryText.createdBy(step, ImageConfig.of(Fold.AMD64))).isEmpty();
    }

    @Test
    void triggersOfTheBaseAreRecordedLikeOwnInstructions() {
        ImageConfig base = ImageConfig.of(Fold.AMD64)
                .withConfig(ContainerConfig.empty().withOnBuild(List.of("RUN echo trigger", "ENV T=1")));
        var r = Fold.fold("FROM base\nRUN echo own\n", Map.of("base", base));
        assertThat(r.history()).containsExactly("RUN /bin/sh -c echo trigger # buildkit", "ENV T=1",
                "RUN /bin/sh -c echo own # buildkit");
    }

    @Test
    void emptyLayerIsFalseForFileStepsAndWorkdirsOtherThanRoot() {
        List<Step> steps = Fold.steps("FROM scratch\nRUN x\nWORKDIR /\nWORKDIR /a\nENV A=1\n");
        ImageConfig root = ImageConfig.of(Fold.AMD64).withConfig(ContainerConfig.empty().withWorkingDir("/"));
        ImageConfig app = ImageConfig.of(Fold.AMD64).withConfig(ContainerConfig.empty().withWorkingDir("/a"));
        assertThat(HistoryText.emptyLayer(steps.get(0), root)).isFalse();
        assertThat(HistoryText.emptyLayer(steps.get(1), root)).isTrue();
        assertThat(HistoryText.emptyLayer(steps.get(2), app)).isFalse();
        assertThat(HistoryText.emptyLayer(steps.get(3), app)).isTrue();
    }

    @Test
    void windowsImagesUseCmdAsDefaultShell() {
        Step step = Fold.steps("FROM scratch\nRUN dir\n").getFirst();
        ImageConfig windows = ImageConfig.of(dev.kiln.engine.oci.Platform.of("windows", "amd64"));
        assertThat(HistoryText.createdBy(step, windows)).isEqualTo("RUN cmd /S /C dir # buildkit");
    }
}
