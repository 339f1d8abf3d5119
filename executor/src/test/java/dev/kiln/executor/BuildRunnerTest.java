package dev.kiln.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.build.BuildRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's flags as the engine's {@link BuildRequest}. */
class BuildRunnerTest {

    @TempDir
    Path tmp;

    private BuildRequest request(String... args) throws Exception {
        Files.writeString(tmp.resolve("Dockerfile"), "FROM scratch\n");
        ExecutorCommand cmd = new ExecutorCommand(k -> null);
        new picocli.CommandLine(cmd).parseArgs(args);
        ExecutorPlan plan = new ExecutorPlan(tmp.toString(), tmp.resolve("Dockerfile").toString(), List.of(), Map.of());
        return new BuildRunner(cmd.opts, cmd.buildFlags, plan, Map.of()).request();
    }

    @Test
    void forceAndInPlaceIsolationReachTheRequest() throws Exception {
        BuildRequest r = request("--no-push", "--force", "--isolation=in-place");
        assertThat(r.force()).isTrue();
        assertThat(r.inPlace()).isTrue();
        assertThat(r.inPlaceRoot()).isEqualTo(Path.of("/"));
    }

    @Test
    void withoutFlagsTheBuildIsNeitherForcedNorInPlace() throws Exception {
        BuildRequest r = request("--no-push");
        assertThat(r.force()).isFalse();
        assertThat(r.isolation()).isEqualTo(Optional.empty());
        assertThat(r.inPlace()).isFalse();
    }

    @Test
    void cacheDirIsTheBaseImageCacheOnlyWithCache() throws Exception {
        BuildRequest with = request("--no-push", "--cache=true", "--cache-repo=oci:" + tmp.resolve("c"),
                "--cache-dir", tmp.resolve("bases").toString(), "--cache-ttl=6h");
        assertThat(with.baseImageCache()).hasValueSatisfying(c -> {
            assertThat(c.directory()).isEqualTo(tmp.resolve("bases"));
            assertThat(c.ttl()).isEqualTo(java.time.Duration.ofHours(6));
        });
        BuildRequest without = request("--no-push", "--cache-dir", tmp.resolve("bases").toString());
        assertThat(without.baseImageCache()).isEmpty();
    }
}
