package dev.kiln.engine.step.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.History;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageConfigTest {

    private static final Digest LAYER = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));

    private static ImageConfig base() {
        return ImageConfig.of(Platform.of("linux", "arm64", "v8"))
                .withCreated(Instant.parse("2024-01-01T00:00:00Z"))
                .withAuthor("someone")
                .withLayer(LAYER, History.of(null, "ADD rootfs.tar /"))
                .withExtra(new JsonObject().put("container_config", new JsonObject().put("Cmd", "x")))
                .withConfig(ContainerConfig.empty().withEnv(List.of("PATH=/bin", "HOME=/root")).withCmd(List.of("sh"))
                        .withOnBuild(List.of("RUN echo trigger")).withUser("app").withWorkingDir("/srv")
                        .withExtra(new JsonObject().put("Hostname", "abc")));
    }

    @Test
    void aBaseImageKeepsHistoryRootfsAndSettingsButNotTriggersCreatedOrUnknownFields() {
        var plan = Fold.plan("FROM base\nENV X=1\n", Map.of("base", base()));
        StageConfig s = StageConfig.initial(Optional.of(base()), Fold.AMD64, plan.target().steps().getFirst().scope());
        ImageConfig c = s.config();
        assertThat(s.cmdSet()).isFalse();
        assertThat(c.diffIds()).containsExactly(LAYER);
        assertThat(c.history()).extracting(History::createdBy).containsExactly("ADD rootfs.tar /");
        assertThat(c.architecture()).isEqualTo("arm64");
        assertThat(c.author()).isEqualTo("someone");
        assertThat(c.created()).isNull();
        assertThat(c.extra().isEmpty()).isTrue();
        assertThat(c.config().extra().isEmpty()).isTrue();
        assertThat(c.config().onBuild()).isEmpty();
        assertThat(c.config().cmd()).containsExactly("sh");
        assertThat(c.config().user()).isEqualTo("app");
        assertThat(c.config().workingDir()).isEqualTo("/srv");
        assertThat(c.config().env()).containsExactly("PATH=/bin", "HOME=/root");
    }

    @Test
    void scratchIsAnEmptyConfigForThePlatformWithTheDefaultPath() {
        var plan = Fold.plan("FROM scratch\n");
        StageConfig s = StageConfig.initial(Optional.empty(), Platform.of("linux", "arm", "v7"), plan.target().exit().orElseThrow());
        assertThat(s.config().architecture()).isEqualTo("arm");
        assertThat(s.config().variant()).isEqualTo("v7");
        assertThat(s.config().history()).isEmpty();
        assertThat(s.config().config().workingDir()).isEqualTo("/");
        assertThat(s.config().config().env())
                .containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    void aRelativeInheritedWorkdirIsNormalisedAsBuildKitDoes() {
        ImageConfig rel = ImageConfig.of(Fold.AMD64).withConfig(ContainerConfig.empty().withWorkingDir("app"));
        StageConfig s = StageConfig.initial(Optional.of(rel), Fold.AMD64, Fold.plan("FROM scratch\n").target().exit().orElseThrow());
        assertThat(s.config().config().workingDir()).isEqualTo("/app/app");
    }

    @Test
    void aConfigWithoutPlatformGetsTheStagePlatform() {
        ImageConfig bare = new ImageConfig(null, "", "", "", "", List.of(), "", ContainerConfig.empty(), null, List.of(), null);
        StageConfig s = StageConfig.initial(Optional.of(bare), Fold.AMD64, Fold.plan("FROM scratch\n").target().exit().orElseThrow());
        assertThat(s.config().os()).isEqualTo("linux");
        assertThat(s.config().architecture()).isEqualTo("amd64");
    }
}
