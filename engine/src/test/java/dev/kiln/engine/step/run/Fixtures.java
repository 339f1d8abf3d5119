package dev.kiln.engine.step.run;

import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.dockerfile.plan.PlanOptions;
import dev.kiln.engine.dockerfile.plan.Planner;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared helpers: plan a Dockerfile, pick its RUN steps, provide mount sources from directories. */
final class Fixtures {

    private Fixtures() {}

    static final Platform AMD64 = Platform.of("linux", "amd64");

    static Plan plan(String dockerfile) {
        return Planner.plan("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), PlanOptions.of(AMD64, AMD64));
    }

    /** The RUN steps of the target stage, in order. */
    static List<Step> runs(String dockerfile) {
        return plan(dockerfile).target().steps().stream().filter(s -> s.instruction() instanceof Run).toList();
    }

    /** The only (or first) RUN step of the target stage. */
    static Step run(String dockerfile) {
        return runs(dockerfile).getFirst();
    }

    static ImageConfig config() {
        return ImageConfig.of(AMD64);
    }

    static ImageConfig config(ContainerConfig c) {
        ImageConfig base = ImageConfig.of(AMD64);
        return new ImageConfig(base.created(), base.author(), base.architecture(), base.os(), base.osVersion(),
                base.osFeatures(), base.variant(), c, base.rootfs(), base.history(), null);
    }

    /** Mount sources: a context directory (with optional .dockerignore text) and stage roots by index. */
    static MountSources sources(Path context, String dockerignore, Map<Integer, Path> stages) {
        return new MountSources() {
            @Override
            public LocalContext context() throws IOException {
                return LocalContext.of(context, dockerignore == null ? DockerIgnore.none()
                        : DockerIgnore.parse(".dockerignore", dockerignore));
            }

            @Override
            public Path root(Source source) throws IOException {
                if (source instanceof Source.Stage s && stages.containsKey(s.index())) {
                    return stages.get(s.index());
                }
                throw new IOException("no root for " + source.describe());
            }
        };
    }
}
