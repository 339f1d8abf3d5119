package dev.kiln.warmer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileImagesTest {

    private static final Platform AMD64 = Platform.of("linux", "amd64");

    private static List<String> targets(String dockerfile, Map<String, String> args) {
        return DockerfileImages.targets("/ctx/Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), args, AMD64)
                .stream().map(WarmTarget::toString).toList();
    }

    @Test
    void everyStageBaseOnceWithBuildArgsStageNamesAndScratchSkipped() {
        List<String> t = targets("""
                ARG VERSION=1.36
                ARG TAG
                FROM busybox:${VERSION} AS base
                FROM base AS child
                FROM scratch
                FROM registry.test/app:${TAG}
                FROM busybox:${VERSION}
                """, Map.of("TAG", "7"));
        assertThat(t).containsExactly("docker.io/library/busybox:1.36 (linux/amd64)",
                "registry.test/app:7 (linux/amd64)");
    }

    @Test
    void stagePlatformIsKept() {
        List<String> t = targets("FROM --platform=linux/arm64 busybox\nFROM busybox\n", Map.of());
        assertThat(t).containsExactly("docker.io/library/busybox:latest (linux/arm64)",
                "docker.io/library/busybox:latest (linux/amd64)");
    }

    @Test
    void copyFromImagesAreNotBases() {
        assertThat(targets("FROM busybox\nCOPY --from=alpine:3 /etc/os-release /\n", Map.of()))
                .containsExactly("docker.io/library/busybox:latest (linux/amd64)");
    }

    @Test
    void malformedDockerfileNamesTheProblem() {
        assertThatThrownBy(() -> targets("RUN true\n", Map.of())).hasMessage("Dockerfile:1: no build stage in current context");
    }

    @Test
    void urlsAreRecognised() {
        assertThat(DockerfileImages.isUrl("https://h/Dockerfile")).isTrue();
        assertThat(DockerfileImages.isUrl("http://h/Dockerfile")).isTrue();
        assertThat(DockerfileImages.isUrl("/ctx/Dockerfile")).isFalse();
    }
}
