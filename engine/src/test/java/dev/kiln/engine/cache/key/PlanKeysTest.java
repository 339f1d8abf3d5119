package dev.kiln.engine.cache.key;

import static dev.kiln.engine.cache.key.KeyFixture.ALPINE_DIGEST;
import static dev.kiln.engine.cache.key.KeyFixture.AMD64;
import static dev.kiln.engine.cache.key.KeyFixture.assertChangedFrom;
import static dev.kiln.engine.cache.key.KeyFixture.chains;
import static dev.kiln.engine.cache.key.KeyFixture.inputs;
import static dev.kiln.engine.cache.key.KeyFixture.plan;
import static dev.kiln.engine.cache.key.KeyFixture.targetChains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.dockerfile.plan.PlanOptions;
import dev.kiln.engine.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain and what instructions, variables and options do to it. */
class PlanKeysTest {

    private static final String BASIC = """
            FROM alpine:3.20
            ENV A=1
            RUN echo one
            LABEL x=y
            RUN echo two
            """;

    @TempDir
    Path dir;

    @Test
    void theSameInputsGiveTheSameKeys() throws IOException {
        assertThat(targetChains(BASIC, dir)).isEqualTo(targetChains(BASIC, dir));
    }

    @Test
    void aKeyIsPinnedByTheEncodingVersion() throws IOException {
        Plan plan = plan("FROM scratch\nENV A=1\n");
        PlanKeys keys = PlanKeys.compute(plan, inputs(dir));
        // a change here invalidates every user's cache: bump KeyEncoder.VERSION and docs/CACHE.md with it
        assertThat(keys.stage(0).start().hex())
                .isEqualTo("102a0554f4e9f1bb173d3d36838da7364eeca2b10d21cd25c7cd9b90c31f6b23");
        assertThat(keys.stage(0).exit()).isEqualTo(keys.stage(0).steps().getLast().chain());
    }

    @Test
    void theBaseDigestChangesEveryKey() throws IOException {
        Plan plan = plan(BASIC);
        StageKeys one = PlanKeys.compute(plan, inputs(dir)).stage(0);
        StageKeys two = PlanKeys.compute(plan, inputs(dir, Digest.sha256(new byte[]{1}), CacheOptions.DEFAULTS))
                .stage(0);
        assertThat(two.start()).isNotEqualTo(one.start());
        assertChangedFrom(chains(one), chains(two), 0);
    }

    @Test
    void theSaltChangesEveryKey() throws IOException {
        Plan plan = plan(BASIC);
        KeyInputs a = inputs(dir);
        KeyInputs b = new KeyInputs(a.context(), a.baseDigest(), a.imageDigest(), "reproducible=true", a.options());
        assertChangedFrom(chains(PlanKeys.compute(plan, a), plan), chains(PlanKeys.compute(plan, b), plan), 0);
    }

    @Test
    void anInstructionsTextChangesItsKeyAndEveryLaterOneOnly() throws IOException {
        assertChangedFrom(targetChains(BASIC, dir), targetChains(BASIC.replace("echo one", "echo uno"), dir), 1);
        assertChangedFrom(targetChains(BASIC, dir), targetChains(BASIC.replace("x=y", "x=z"), dir), 2);
    }

    @Test
    void anEnvBeforeARunChangesTheRunAndLaterSteps() throws IOException {
        String file = "FROM alpine:3.20\nRUN true\nENV A=1\nRUN echo hi\nRUN echo more\n";
        assertChangedFrom(targetChains(file, dir), targetChains(file.replace("A=1", "A=2"), dir), 1);
    }

    @Test
    void aBuildArgValueInScopeChangesTheKeysFromItsArgOn() throws IOException {
        String file = "FROM alpine:3.20\nRUN true\nARG V\nRUN echo hi\n";
        Plan one = plan(file, AMD64.withBuildArgs(Map.of("V", "1")));
        Plan two = plan(file, AMD64.withBuildArgs(Map.of("V", "2")));
        assertChangedFrom(chains(PlanKeys.compute(one, inputs(dir)), one),
                chains(PlanKeys.compute(two, inputs(dir)), two), 1);
    }

    @Test
    void proxyBuildArgsNeverChangeAKey() throws IOException {
        String file = "FROM alpine:3.20\nRUN apk add curl\n";
        Plan one = plan(file, AMD64.withBuildArgs(Map.of("HTTP_PROXY", "http://proxy-a:3128")));
        Plan two = plan(file, AMD64.withBuildArgs(Map.of("HTTP_PROXY", "http://proxy-b:3128")));
        assertThat(chains(PlanKeys.compute(two, inputs(dir)), two))
                .isEqualTo(chains(PlanKeys.compute(one, inputs(dir)), one));
    }

    @Test
    void commentsAndBlankLinesChangeNoKey() throws IOException {
        String commented = """
                # syntax note
                FROM alpine:3.20

                ENV A=1
                # why we echo
                RUN echo one
                LABEL x=y

                RUN echo two
                """;
        assertThat(targetChains(commented, dir)).isEqualTo(targetChains(BASIC, dir));
    }

    @Test
    void theShellUserAndWorkdirBeforeARunArePartOfItsKey() throws IOException {
        String file = "FROM alpine:3.20\nUSER root\nRUN id\n";
        List<CacheKey> base = targetChains(file, dir);
        assertThat(targetChains(file.replace("USER root", "USER nobody"), dir).get(1)).isNotEqualTo(base.get(1));
        String shell = "FROM alpine:3.20\nSHELL [\"/bin/sh\", \"-c\"]\nRUN id\n";
        assertThat(targetChains(shell.replace("-c", "-ec"), dir).get(1)).isNotEqualTo(targetChains(shell, dir).get(1));
    }

    @Test
    void heredocBodiesArePartOfARunsKey() throws IOException {
        String file = "FROM alpine:3.20\nRUN <<EOF\necho one\nEOF\n";
        assertChangedFrom(targetChains(file, dir), targetChains(file.replace("echo one", "echo two"), dir), 0);
    }

    @Test
    void secretMountsAreKeyedByIdNeverByValue() throws IOException {
        // the build's secret values are not an input of the computation at all; the id is
        String file = "FROM alpine:3.20\nRUN --mount=type=secret,id=token cat /run/secrets/token\n";
        List<CacheKey> base = targetChains(file, dir);
        assertThat(targetChains(file, dir)).isEqualTo(base);
        assertThat(targetChains(file.replace("id=token", "id=other"), dir)).isNotEqualTo(base);
    }

    @Test
    void cacheMountsAreKeyedByTheirOptions() throws IOException {
        String file = "FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache,sharing=shared make\n";
        List<CacheKey> base = targetChains(file, dir);
        assertThat(targetChains(file.replace("shared", "locked"), dir)).isNotEqualTo(base);
        assertThat(targetChains(file.replace("/root/.cache", "/cache"), dir)).isNotEqualTo(base);
    }

    @Test
    void runLayersOffMakesRunsUncachedButKeepsThemInTheChain() throws IOException {
        Plan plan = plan("FROM alpine:3.20\nRUN echo one\nCOPY <<EOF /f\nx\nEOF\n");
        PlanKeys on = PlanKeys.compute(plan, inputs(dir));
        PlanKeys off = PlanKeys.compute(plan, inputs(dir, ALPINE_DIGEST,
                CacheOptions.DEFAULTS.withRunLayers(false).withCopyLayers(true)));
        assertThat(off.stage(0).step(0)).isEqualTo(new StepKey.Uncached(on.stage(0).step(0).chain(),
                "RUN layers are not cached (--cache-run-layers=false)"));
        assertThat(off.stage(0).step(1)).isEqualTo(on.stage(0).step(1)).isInstanceOf(StepKey.Cached.class);
    }

    @Test
    void copyLayersOffByDefaultMakesCopiesUncachedAndLaterRunsStillCached() throws IOException {
        Plan plan = plan("FROM alpine:3.20\nCOPY <<EOF /f\nx\nEOF\nRUN cat /f\n");
        PlanKeys keys = PlanKeys.compute(plan, inputs(dir, ALPINE_DIGEST, CacheOptions.DEFAULTS));
        assertThat(keys.stage(0).step(0)).isInstanceOf(StepKey.Uncached.class);
        assertThat(((StepKey.Uncached) keys.stage(0).step(0)).reason()).contains("--cache-copy-layers=false");
        assertThat(keys.stage(0).step(1)).isInstanceOf(StepKey.Cached.class);
    }

    @Test
    void aWorkdirThatCreatesADirectoryIsCachedAndWorkdirRootIsMetadata() throws IOException {
        Plan plan = plan("FROM alpine:3.20\nWORKDIR /app\nWORKDIR /\nENV A=1\n");
        StageKeys keys = PlanKeys.compute(plan, inputs(dir)).stage(0);
        assertThat(keys.steps()).extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Cached", "Metadata", "Metadata");
    }

    @Test
    void aStageWithoutStepsExitsWhereItStarts() throws IOException {
        Plan plan = plan("FROM alpine:3.20 AS base\nFROM base\nRUN true\n");
        PlanKeys keys = PlanKeys.compute(plan, inputs(dir));
        assertThat(keys.stage(0).steps()).isEmpty();
        assertThat(keys.stage(0).exit()).isEqualTo(keys.stage(0).start());
        assertThat(keys.stages()).extracting(StageKeys::stage).containsExactly(0, 1);
    }

    @Test
    void aStageOnAStageStartsFromItsExitKey() throws IOException {
        String file = "FROM alpine:3.20 AS base\nRUN echo a\nFROM base\nRUN echo b\n";
        PlanKeys one = PlanKeys.compute(plan(file), inputs(dir));
        PlanKeys two = PlanKeys.compute(plan(file.replace("echo a", "echo A")), inputs(dir));
        assertThat(two.stage(1).start()).isNotEqualTo(one.stage(1).start());
        assertChangedFrom(chains(one.stage(1)), chains(two.stage(1)), 0);
    }

    @Test
    void copyFromAStageIsKeyedByThatStagesContent() throws IOException {
        String file = """
                FROM alpine:3.20 AS build
                RUN echo a > /out
                FROM alpine:3.20
                RUN true
                COPY --from=build /out /out
                RUN cat /out
                """;
        PlanKeys one = PlanKeys.compute(plan(file), inputs(dir));
        PlanKeys two = PlanKeys.compute(plan(file.replace("echo a", "echo b")), inputs(dir));
        assertChangedFrom(chains(one.stage(1)), chains(two.stage(1)), 1);
    }

    @Test
    void stageOrderMattersOnlyWhereAStageIsReadByIndex() throws IOException {
        String ab = "FROM alpine:3.20 AS a\nRUN echo a\nFROM alpine:3.20 AS b\nRUN echo b\n";
        String ba = "FROM alpine:3.20 AS b\nRUN echo b\nFROM alpine:3.20 AS a\nRUN echo a\n";
        String byIndex = "FROM alpine:3.20\nCOPY --from=0 / /x\n";
        String byName = "FROM alpine:3.20\nCOPY --from=a / /x\n";
        assertThat(targetChains(ba + byIndex, dir)).isNotEqualTo(targetChains(ab + byIndex, dir));
        assertThat(targetChains(ba + byName, dir)).isEqualTo(targetChains(ab + byName, dir));
    }

    @Test
    void copyFromAnImageIsKeyedByItsDigest() throws IOException {
        Plan plan = plan("FROM alpine:3.20\nCOPY --from=busybox:1.36 /bin/busybox /bin/\n");
        KeyInputs a = inputs(dir);
        KeyInputs b = new KeyInputs(a.context(), a.baseDigest(),
                (ref, platform) -> Digest.sha256("other".getBytes(StandardCharsets.UTF_8)), a.salt(), a.options());
        assertChangedFrom(chains(PlanKeys.compute(plan, a), plan), chains(PlanKeys.compute(plan, b), plan), 0);
    }

    @Test
    void addOfAUrlWithoutChecksumIsUncachedFromThereOnInItsStageAndItsReaders() throws IOException {
        String file = """
                FROM alpine:3.20 AS fetch
                RUN true
                ADD https://user:pw@example.com/tool.tgz?sig=1 /tool.tgz
                RUN tar xzf /tool.tgz
                FROM fetch AS next
                RUN true
                FROM alpine:3.20
                RUN true
                COPY --from=fetch /tool.tgz /
                COPY --from=next /tool.tgz /again
                """;
        Plan plan = plan(file, AMD64.withSelection(dev.kiln.engine.dockerfile.plan.StageSelection.ALL_UP_TO_TARGET));
        PlanKeys keys = PlanKeys.compute(plan, inputs(dir));
        assertThat(keys.stage(0).steps()).extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Cached", "Uncached", "Uncached");
        String reason = ((StepKey.Uncached) keys.stage(0).step(1)).reason();
        assertThat(reason).isEqualTo("stage fetch, step 2: ADD https://example.com/tool.tgz has no --checksum: "
                + "its content is known only when it is downloaded").doesNotContain("pw").doesNotContain("sig");
        assertThat(keys.stage(1).step(0)).isInstanceOf(StepKey.Uncached.class);
        assertThat(keys.stage(2).steps()).extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Cached", "Uncached", "Uncached");
        assertThat(((StepKey.Uncached) keys.stage(2).step(1)).reason()).startsWith("stage stage-2, step 2: reads stage fetch");
    }

    @Test
    void addOfAUrlWithChecksumIsCachedAndKeyedByTheChecksum() throws IOException {
        String file = "FROM alpine:3.20\nADD --checksum=sha256:" + "a".repeat(64) + " https://example.com/t.tgz /t\n";
        Plan plan = plan(file);
        assertThat(PlanKeys.compute(plan, inputs(dir)).stage(0).step(0)).isInstanceOf(StepKey.Cached.class);
        assertThat(targetChains(file.replace("a".repeat(64), "b".repeat(64)), dir))
                .isNotEqualTo(targetChains(file, dir));
    }

    @Test
    void addOfAGitRepositoryIsUncached() throws IOException {
        Plan plan = plan("FROM alpine:3.20\nADD https://example.com/repo.git#main /src\nRUN ls /src\n");
        StageKeys keys = PlanKeys.compute(plan, inputs(dir)).stage(0);
        assertThat(keys.steps()).allMatch(s -> s instanceof StepKey.Uncached);
        assertThat(((StepKey.Uncached) keys.step(0)).reason()).contains("a Git repository's content is known only");
    }

    @Test
    void aStepThatCannotExpandIsUncachedAndSoIsEverythingAfterIt() throws IOException {
        Plan plan = plan("FROM alpine:3.20\nRUN true\nCOPY ${MISSING:?required} /x\nRUN true\n");
        StageKeys keys = PlanKeys.compute(plan, inputs(dir)).stage(0);
        assertThat(keys.steps()).extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Cached", "Uncached", "Uncached");
        assertThat(((StepKey.Uncached) keys.step(1)).reason()).contains("cannot be keyed").contains("MISSING: required");
    }

    @Test
    void aPlanWithoutTheBaseImagesConfigIsRefused() throws IOException {
        Plan plan = plan("FROM alpine:3.20\nRUN true\n", PlanOptions.of(AMD64.platform()));
        assertThatThrownBy(() -> PlanKeys.compute(plan, inputs(dir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compute cache keys of stage stage-0: the config of base image "
                        + "docker.io/library/alpine:3.20 is not in the plan (plan again with it resolved)");
    }

    @Test
    void askingForAStageThePlanDoesNotBuildIsAnError() throws IOException {
        PlanKeys keys = PlanKeys.compute(plan("FROM alpine:3.20 AS unused\nFROM alpine:3.20\nRUN true\n"),
                new KeyInputs(LocalContext.of(dir, DockerIgnore.none()), s -> ALPINE_DIGEST,
                        (r, p) -> ALPINE_DIGEST, "", CacheOptions.DEFAULTS));
        assertThatThrownBy(() -> keys.stage(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache keys: stage 0 is not built by this plan");
    }
}
