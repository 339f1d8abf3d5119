package dev.kiln.engine.dockerfile.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final PlanOptions AMD64 = PlanOptions.of(Platform.of("linux", "amd64"), Platform.of("linux", "amd64"));

    private static Plan plan(String dockerfile) {
        return plan(dockerfile, AMD64);
    }

    private static Plan plan(String dockerfile, PlanOptions options) {
        return Planner.plan("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), options);
    }

    private static ImageConfig config(List<String> env, List<String> onBuild) {
        return BaseImageResolver.configWith(ContainerConfig.empty().withEnv(env).withOnBuild(onBuild));
    }

    @Test
    void scopeExpandsWordsWithTheVariablesBeforeEachStep() {
        Plan plan = plan("""
                FROM alpine:3.20
                ARG DIR=/opt
                WORKDIR $DIR/app
                ENV DIR=/srv
                WORKDIR $DIR/app
                """);
        List<Step> steps = plan.target().steps();
        assertThat(steps.get(1).scope().value("$DIR/app")).isEqualTo("/opt/app");
        assertThat(steps.get(3).scope().value("$DIR/app")).isEqualTo("/srv/app");
        assertThat(steps.get(1).scope().expand("${MISSING:-x}$DIR").unmatched()).containsExactly("MISSING");
    }

    @Test
    void imageEnvKeepsEnvButNotArgs() {
        Plan plan = plan("""
                FROM alpine:3.20
                ARG A=1
                ENV B=2
                """);
        Scope exit = plan.target().exit().orElseThrow();
        assertThat(exit.env().get("A")).isEqualTo("1");
        assertThat(exit.imageEnv().contains("A")).isFalse();
        assertThat(exit.imageEnv().get("B")).isEqualTo("2");
    }

    @Test
    void runStepsCarryBuildKitsHistoryPrefix() {
        Plan plan = plan("""
                FROM alpine:3.20
                ARG A=1 B
                RUN true
                """);
        assertThat(plan.target().steps().get(1).scope().runHistoryPrefix()).isEqualTo("|2 A=1 B=");
    }

    @Test
    void baseImageEnvIsTheStartingScopeAndPathDefaultsOnlyWhenMissing() {
        ImageReference golang = ImageReference.parse("golang:1.22");
        Plan plan = plan("FROM golang:1.22\nWORKDIR $GOPATH\n",
                AMD64.withBaseImages(BaseImageResolver.of(Map.of(golang, config(List.of("GOPATH=/go"), List.of())))));
        Scope first = plan.target().steps().getFirst().scope();
        assertThat(first.value("$GOPATH")).isEqualTo("/go");
        assertThat(first.env().get("PATH")).isEqualTo(Planner.DEFAULT_PATH);

        Plan own = plan("FROM golang:1.22\n", AMD64.withBaseImages(BaseImageResolver.of(
                Map.of(golang, config(List.of("PATH=/go/bin"), List.of())))));
        assertThat(own.target().exit().orElseThrow().env().get("PATH")).isEqualTo("/go/bin");
    }

    @Test
    void unresolvedBaseImagesAreListedUntilTheResolverKnowsThem() {
        String dockerfile = """
                FROM golang:1.22 AS build
                FROM alpine:3.20 AS unused
                FROM scratch
                COPY --from=build /a /a
                """;
        Plan first = plan(dockerfile);
        assertThat(first.unresolvedBaseImages()).extracting(BuildStage::displayName).containsExactly("build");

        Plan second = plan(dockerfile, AMD64.withBaseImages(BaseImageResolver.of(
                Map.of(ImageReference.parse("golang:1.22"), config(List.of(), List.of())))));
        assertThat(second.unresolvedBaseImages()).isEmpty();
    }

    @Test
    void resolverIsAskedOnlyForBuiltStagesWithTheirPlatform() {
        List<String> asked = new ArrayList<>();
        BaseImageResolver recording = (image, platform) -> {
            asked.add(image + " " + platform.map(Platform::toString).orElse("default"));
            return Optional.empty();
        };
        plan("""
                FROM --platform=linux/arm64 golang:1.22 AS build
                FROM node:20 AS unused
                FROM alpine:3.20
                COPY --from=build /a /a
                """, AMD64.withBaseImages(recording));
        assertThat(asked).containsExactly("docker.io/library/golang:1.22 linux/arm64",
                "docker.io/library/alpine:3.20 default");
    }

    @Test
    void resolverFailureNamesTheFromLineAndImage() {
        BaseImageResolver failing = (image, platform) -> {
            throw new IllegalStateException("manifest unknown");
        };
        assertThatThrownBy(() -> plan("FROM alpine:3.20\nFROM busybox\n", AMD64.withBaseImages(failing)))
                .isInstanceOf(PlanException.class)
                .hasMessage("Dockerfile:2: resolve base image docker.io/library/busybox:latest: manifest unknown");
    }

    @Test
    void onBuildConvenienceResolverInsertsTriggersRightAfterFrom() {
        Plan plan = plan("FROM example.com/onbuild:1\nRUN echo mine\n", AMD64.withBaseImages(BaseImageResolver.onBuild(
                image -> List.of("RUN echo " + image.repository()))));
        List<Step> steps = plan.target().steps();
        assertThat(steps).extracting(s -> s.instruction().original())
                .containsExactly("RUN echo onbuild", "RUN echo mine");
        assertThat(steps.getFirst().isTrigger()).isTrue();
        assertThat(steps.getFirst().location()).isEqualTo(plan.target().from().location());
        assertThat(steps.getFirst().instruction().location().file()).isEqualTo("example.com/onbuild:1 ONBUILD");
        assertThat(steps.getFirst().onbuildOf()).contains(new Source.Image(ImageReference.parse("example.com/onbuild:1")));
    }

    @Test
    void triggerWithHeredocIsParsedWithItsBody() {
        Plan plan = plan("FROM example.com/onbuild:1\n", AMD64.withBaseImages(BaseImageResolver.onBuild(
                image -> List.of("RUN <<EOF\necho hi\nEOF"))));
        Run run = (Run) plan.target().steps().getFirst().instruction();
        assertThat(run.command().files()).singleElement().satisfies(f -> assertThat(f.data()).isEqualTo("echo hi\n"));
    }

    @Test
    void triggersOfABaseStageDoNotReachTheNextGeneration() {
        Plan plan = plan("""
                FROM alpine:3.20 AS a
                ONBUILD RUN echo trigger
                FROM a AS b
                FROM b AS c
                """);
        assertThat(plan.stage("b").orElseThrow().steps()).hasSize(1);
        assertThat(plan.stage("c").orElseThrow().steps()).isEmpty();
    }

    @Test
    void independentStagesShareALevel() {
        Plan plan = plan("""
                FROM alpine:3.20 AS a
                FROM alpine:3.20 AS b
                FROM a AS c
                FROM scratch
                COPY --from=b / /b
                COPY --from=c / /c
                """);
        assertThat(plan.levels()).containsExactly(List.of(0, 1), List.of(2), List.of(3));
        assertThat(plan.buildOrder()).extracting(BuildStage::index).containsExactly(0, 1, 2, 3);
        assertThat(plan.stages().get(3).dependsOn()).containsExactly(1, 2);
    }

    @Test
    void allUpToTargetBuildsEarlierUnusedStagesButNotLaterOnes() {
        String dockerfile = """
                FROM alpine:3.20 AS a
                FROM alpine:3.20 AS b
                FROM alpine:3.20 AS c
                FROM alpine:3.20 AS d
                """;
        Plan needed = plan(dockerfile, AMD64.withTarget("c"));
        Plan all = plan(dockerfile, AMD64.withTarget("c").withSelection(StageSelection.ALL_UP_TO_TARGET));
        assertThat(needed.stages()).extracting(BuildStage::built).containsExactly(false, false, true, false);
        assertThat(all.stages()).extracting(BuildStage::built).containsExactly(true, true, true, false);
    }

    @Test
    void imagesListsBasesAndSourcesOfBuiltStagesOnce() {
        Plan plan = plan("""
                FROM golang:1.22 AS unused
                FROM alpine:3.20
                COPY --from=busybox /bin/busybox /bin/
                RUN --mount=from=alpine:3.20,target=/a true
                """);
        assertThat(plan.images()).extracting(ImageReference::toString)
                .containsExactly("docker.io/library/alpine:3.20", "docker.io/library/busybox:latest");
    }

    @Test
    void unresolvedMountsAreTypedWithTheStageVariables() {
        Plan plan = plan("""
                FROM alpine:3.20
                ARG ID=npm
                RUN --mount=type=cache,id=$ID,target=/root/.npm,uid=${UID:-1000} npm ci
                """);
        Step run = plan.target().steps().get(1);
        assertThat(((Run) run.instruction()).mounts().getFirst()).isInstanceOf(RunMount.Unresolved.class);
        assertThat(run.mounts()).singleElement().isInstanceOfSatisfying(RunMount.Cache.class, c -> {
            assertThat(c.id()).isEqualTo("npm");
            assertThat(c.uid()).hasValue(1000);
        });
        assertThat(run.sources()).containsExactly(new Source.Scratch());
    }

    @Test
    void copyWithoutFromAndAddReadTheContext() {
        Plan plan = plan("FROM alpine:3.20\nCOPY a /a\nADD b /b\nUSER nobody\n");
        assertThat(plan.target().steps()).extracting(Step::sources)
                .containsExactly(List.of(new Source.Context()), List.of(new Source.Context()), List.of());
    }

    @Test
    void planningAParsedDockerfileEqualsPlanningItsBytes() {
        String text = "ARG V=1\nFROM alpine:${V}\nRUN true\n";
        Dockerfile parsed = Dockerfile.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
        assertThat(Planner.plan(parsed, AMD64).dump()).isEqualTo(plan(text).dump());
        assertThat(Planner.plan(parsed, AMD64).dockerfile()).isSameAs(parsed);
    }

    @Test
    void planExceptionCarriesFileLineAndReason() {
        assertThatThrownBy(() -> Planner.plan("build/app.Dockerfile",
                "FROM alpine AS a\nCOPY --from=a /x /y\n".getBytes(StandardCharsets.UTF_8), AMD64))
                .isInstanceOfSatisfying(PlanException.class, e -> {
                    assertThat(e.fileName()).isEqualTo("build/app.Dockerfile");
                    assertThat(e.startLine()).isEqualTo(2);
                    assertThat(e.reason()).isEqualTo("circular dependency detected on stage: a (a -> a)");
                    assertThat(e.getMessage()).isEqualTo("build/app.Dockerfile:2: " + e.reason());
                });
    }

    @Test
    void aLongChainOfStagesPlansWithoutDeepRecursion() {
        StringBuilder sb = new StringBuilder("FROM alpine:3.20 AS s0\n");
        int n = 3000;
        for (int i = 1; i < n; i++) {
            sb.append("FROM alpine:3.20 AS s").append(i).append("\nCOPY --from=s").append(i - 1).append(" /a /a\n");
        }
        Plan plan = plan(sb.toString());
        assertThat(plan.levels()).hasSize(n);
        assertThat(plan.buildOrder()).hasSize(n);
    }

    @Test
    void targetStageArgIsTheTargetOrDefault() {
        String text = "FROM alpine:3.20 AS one\nFROM alpine:3.20\n";
        assertThat(plan(text).globalEnv().get("TARGETSTAGE")).isEqualTo("default");
        assertThat(plan(text, AMD64.withTarget("ONE")).globalEnv().get("TARGETSTAGE")).isEqualTo("ONE");
        assertThat(plan(text, AMD64.withBuildArgs(Map.of("TARGETSTAGE", "x"))).globalEnv().get("TARGETSTAGE"))
                .isEqualTo("x");
    }

    @Test
    void platformArgsFollowBuildKitsFormats() {
        var args = PlanOptions.platformArgs(Platform.of("linux", "arm64", "v8"), Platform.of("linux", "arm"));
        assertThat(args.targetPlatform()).isEqualTo("linux/arm64");
        assertThat(args.targetVariant()).isEmpty();
        assertThat(args.buildPlatform()).isEqualTo("linux/arm/v7");
        assertThat(args.buildVariant()).isEqualTo("v7");
        var windows = PlanOptions.platformArgs(new Platform("windows", "amd64", "", "10.0.20348.2113", List.of(),
                List.of()), Platform.of("linux", "amd64"));
        assertThat(windows.targetPlatform()).isEqualTo("windows(10.0.20348.2113)/amd64");
    }

    @Test
    void referencesKeepWhatWasWrittenAndWhatItMeans() {
        Plan plan = plan("FROM alpine:3.20 AS Build\nFROM scratch\nCOPY --from=BUILD / /\n");
        Reference ref = plan.target().references().getFirst();
        assertThat(ref.kind()).isEqualTo(Reference.Kind.COPY_FROM);
        assertThat(ref.written()).isEqualTo("BUILD");
        assertThat(ref.source()).isEqualTo(new Source.Stage(0));
        assertThat(ref.trigger()).isFalse();
        assertThat(((Copy) plan.target().steps().getFirst().instruction()).from()).contains("BUILD");
    }
}
