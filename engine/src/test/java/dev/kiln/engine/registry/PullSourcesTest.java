package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.reference.ImageReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullSourcesTest {

    private static List<String> candidates(RegistryOptions options, String ref) {
        return PullSources.candidates(options, ImageReference.parse(ref)).stream().map(ImageReference::toString).toList();
    }

    @Test
    void withoutMirrorsTheImageComesFromWhereItIs() {
        assertThat(candidates(RegistryOptions.defaults(), "busybox")).containsExactly("docker.io/library/busybox:latest");
    }

    @Test
    void dockerHubMirrorsComeFirstThenTheOriginal() {
        RegistryOptions o = RegistryOptions.builder().registryMirror("mirror.gcr.io").registryMirror("https://m2.local:5000/hub/")
                .build();
        assertThat(candidates(o, "busybox:1")).containsExactly("mirror.gcr.io/library/busybox:1",
                "m2.local:5000/hub/library/busybox:1", "docker.io/library/busybox:1");
        assertThat(candidates(o, "ghcr.io/org/app:1")).containsExactly("ghcr.io/org/app:1");
    }

    @Test
    void skippingTheFallbackLeavesOnlyMirrorsWhenOneApplies() {
        RegistryOptions o = RegistryOptions.builder().registryMirror("mirror.local").skipDefaultRegistryFallback(true).build();
        assertThat(candidates(o, "busybox")).containsExactly("mirror.local/library/busybox:latest");
        assertThat(candidates(o, "quay.io/app")).containsExactly("quay.io/app:latest");
    }

    @Test
    void mapsComeBeforeMirrorsAndKeepTheDigest() {
        String digest = "sha256:" + "a".repeat(64);
        RegistryOptions o = RegistryOptions.builder().registryMirror("mirror.local")
                .registryMap(RegistryMapping.parse("index.docker.io=cache.local/dh")).build();
        assertThat(candidates(o, "busybox@" + digest)).containsExactly("cache.local/dh/library/busybox@" + digest,
                "mirror.local/library/busybox@" + digest, "docker.io/library/busybox@" + digest);
    }

    @Test
    void mapPrefixesMatchWholePathComponents() {
        RegistryMapping m = RegistryMapping.parse("ghcr.io/team=cache.local/ghcr-team");
        assertThat(m.apply(ImageReference.parse("ghcr.io/team/app:1")).map(Object::toString)).contains("cache.local/ghcr-team/app:1");
        assertThat(m.apply(ImageReference.parse("ghcr.io/team:2")).map(Object::toString)).contains("cache.local/ghcr-team:2");
        assertThat(m.apply(ImageReference.parse("ghcr.io/teamx/app:1"))).isEmpty();
        assertThat(m.apply(ImageReference.parse("quay.io/team/app:1"))).isEmpty();
        assertThat(m).hasToString("ghcr.io/team=cache.local/ghcr-team");
    }

    @Test
    void duplicatesAreTriedOnce() {
        RegistryOptions o = RegistryOptions.builder().registryMirror("m.local").registryMirror("m.local").build();
        assertThat(candidates(o, "busybox")).containsExactly("m.local/library/busybox:latest", "docker.io/library/busybox:latest");
    }

    @Test
    void aMappingWithoutEqualsIsRefusedQuotingIt() {
        assertThatThrownBy(() -> RegistryMapping.parse("docker.io"))
                .hasMessage("invalid registry mapping \"docker.io\": expected original=replacement, e.g. docker.io=mirror.local:5000");
        assertThatThrownBy(() -> RegistryOptions.parseRegistryMaps("a.io=b.io;=c.io")).hasMessageContaining("\"=c.io\"");
    }

    @Test
    void aRegistryMapFlagHoldsSeveralEntries() {
        assertThat(RegistryOptions.parseRegistryMaps("a.io=b.io; c.io/x=d.io/y;")).extracting(Object::toString)
                .containsExactly("a.io=b.io", "c.io/x=d.io/y");
    }
}
