package dev.kiln.engine.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import dev.kiln.engine.dockerfile.plan.BaseImageResolver;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.dockerfile.plan.PlanOptions;
import dev.kiln.engine.dockerfile.plan.Planner;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Plans and keys for the tests: a real context directory, an alpine base with a known config. */
final class KeyFixture {

    static final ImageReference ALPINE = ImageReference.parse("alpine:3.20");
    static final Digest ALPINE_DIGEST = Digest.sha256("alpine".getBytes(StandardCharsets.UTF_8));
    static final PlanOptions AMD64 = PlanOptions.of(Platform.of("linux", "amd64"), Platform.of("linux", "amd64"))
            .withBaseImages(BaseImageResolver.of(Map.of(ALPINE, BaseImageResolver.configWith(
                    ContainerConfig.empty().withEnv(List.of("PATH=/usr/bin:/bin"))))));

    private KeyFixture() {
    }

    static Plan plan(String dockerfile) {
        return plan(dockerfile, AMD64);
    }

    static Plan plan(String dockerfile, PlanOptions options) {
        return Planner.plan(Dockerfile.parse("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8)), options);
    }

    /** Inputs over {@code dir} with every filesystem step cached. */
    static KeyInputs inputs(Path dir) throws IOException {
        return inputs(dir, ALPINE_DIGEST, CacheOptions.DEFAULTS.withCopyLayers(true));
    }

    static KeyInputs inputs(Path dir, Digest base, CacheOptions options) throws IOException {
        return new KeyInputs(LocalContext.of(dir, DockerIgnore.load(dir, null)), stage -> base,
                (ref, platform) -> Digest.sha256(ref.toString().getBytes(StandardCharsets.UTF_8)),
                "reproducible=false compression=gzip", options);
    }

    static PlanKeys keys(String dockerfile, Path dir) throws IOException {
        return PlanKeys.compute(plan(dockerfile), inputs(dir));
    }

    /** The chain keys of the target stage's steps. */
    static List<CacheKey> chains(PlanKeys keys, Plan plan) {
        return chains(keys.stage(plan.targetIndex()));
    }

    static List<CacheKey> chains(StageKeys stage) {
        return stage.steps().stream().map(StepKey::chain).toList();
    }

    static List<CacheKey> targetChains(String dockerfile, Path dir) throws IOException {
        Plan plan = plan(dockerfile);
        return chains(PlanKeys.compute(plan, inputs(dir)), plan);
    }

    /** Steps before {@code first} keep their keys; {@code first} and every later step change. */
    static void assertChangedFrom(List<CacheKey> before, List<CacheKey> after, int first) {
        assertThat(after).hasSameSizeAs(before);
        assertThat(after.subList(0, first)).as("keys before step %d", first).isEqualTo(before.subList(0, first));
        for (int i = first; i < before.size(); i++) {
            assertThat(after.get(i)).as("key of step %d", i).isNotEqualTo(before.get(i));
        }
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
